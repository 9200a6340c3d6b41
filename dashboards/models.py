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


class TrendSnapshot(models.Model):
    """A scope's 12-week trend (``dashboards.selectors.trends``: weekly abstraction and the
    ageing of the open priorities at each week end) to ``end``, stored by the snapshot job so
    the dashboards do not compute it on every view."""

    scope_type = models.CharField(max_length=8, choices=ScopeType.choices)
    scope_id = models.PositiveBigIntegerField()
    end = models.DateField()
    weeks = models.PositiveSmallIntegerField()
    value = models.JSONField()
    computed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scope_type", "scope_id", "-end"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope_type", "scope_id", "end", "weeks"],
                name="trend_snapshot_unique_per_scope_end",
            )
        ]

    def __str__(self) -> str:
        return f"Trend {self.scope_type}:{self.scope_id} to {self.end}"


class RecomputeJob(models.Model):
    """A "recompute now" of one scope's snapshots, started from a dashboard; the page polls it
    to show progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    scope_type = models.CharField(max_length=8, choices=ScopeType.choices)
    scope_id = models.PositiveBigIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=F("total")) | Q(total=0),
                name="recompute_progress_le_total",
            )
        ]

    def __str__(self) -> str:
        return f"Recompute {self.scope_type}:{self.scope_id} ({self.status})"

    @property
    def percent(self) -> int:
        return round(100 * self.progress / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ReminderRun(models.Model):
    """A day's reminder email to one team's sergeants (DESIGN.md section 8): at most one per
    team and day, so a rerun or a retry of the nightly job does not send it twice."""

    date = models.DateField()
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")
    recipients = models.TextField(help_text="The addresses it went to, one a line.")
    items = models.PositiveIntegerField(help_text="How many reminders it listed.")
    sent_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "team"]
        constraints = [
            models.UniqueConstraint(fields=["date", "team"], name="reminder_once_per_team_day")
        ]

    def __str__(self) -> str:
        return f"Reminders {self.date} for team {self.team_id}"
