"""Stored metric values, written by the snapshot jobs and read by the dashboards."""

from django.db import models
from django.db.models import F, Q


class ScopeType(models.TextChoices):
    TEAM = "team", "Team"
    BCU = "bcu", "BCU"
    FORCE = "force", "Force"


class MetricSnapshot(models.Model):
    """One metric for one scope and period, as computed at ``computed_at``.

    Point-in-time metrics (supervision, priority ageing) have start == end == the as-of day.
    """

    metric = models.CharField(max_length=64)
    scope_type = models.CharField(max_length=8, choices=ScopeType.choices)
    scope_id = models.PositiveBigIntegerField()
    start = models.DateField()
    end = models.DateField()
    value = models.JSONField()
    computed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["metric", "scope_type", "scope_id", "-end"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "scope_type", "scope_id", "start", "end"],
                name="snapshot_unique_per_metric_scope_period",
            ),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="snapshot_period_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.scope_type}:{self.scope_id} {self.start}..{self.end}"

    @property
    def as_of(self):
        return self.end
