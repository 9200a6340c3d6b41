"""Inspection frameworks (HMIC 2008, NPIA self-assessment), judgements, recommendations."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from npms.models import TimeStampedModel


class Framework(TimeStampedModel):
    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True, help_text="The source document.")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Criterion(TimeStampedModel):
    """A criterion, written in our own words, with a reference to its source."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=32)
    theme = models.CharField(max_length=100)
    text = models.TextField()
    source_ref = models.CharField(max_length=200, blank=True)
    metric = models.CharField(max_length=64, blank=True, help_text="Metric for evidence.")
    threshold = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["framework", "code"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="criterion_code_unique_per_framework"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.theme}"


class ScopeType(models.TextChoices):
    FORCE = "force", "Force"
    BCU = "bcu", "BCU"
    TEAM = "team", "Team"


class Inspection(TimeStampedModel):
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="inspections")
    force = models.ForeignKey("teams.Force", on_delete=models.CASCADE, related_name="inspections")
    scope_type = models.CharField(max_length=8, choices=ScopeType.choices)
    bcu = models.ForeignKey(
        "teams.BCU", on_delete=models.CASCADE, null=True, blank=True, related_name="inspections"
    )
    team = models.ForeignKey(
        "teams.Team", on_delete=models.CASCADE, null=True, blank=True, related_name="inspections"
    )
    title = models.CharField(max_length=200)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections_led",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="inspection_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=(Q(scope_type="force") & Q(bcu__isnull=True) & Q(team__isnull=True))
                | (Q(scope_type="bcu") & Q(bcu__isnull=False) & Q(team__isnull=True))
                | (Q(scope_type="team") & Q(team__isnull=False)),
                name="inspection_scope_matches_type",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Grade(models.TextChoices):
    EXCEEDING = "exceeding", "Exceeding the standard"
    MEETING = "meeting", "Meeting the standard"
    FAILING = "failing", "Failing to meet the standard"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class Judgement(TimeStampedModel):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="judgements")
    grade = models.CharField(max_length=10, choices=Grade.choices, blank=True)
    evidence = models.TextField(blank=True)
    computed_evidence = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "criterion"], name="judgement_once_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.grade or 'ungraded'}"


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    CLOSED = "closed", "Closed"


class Recommendation(TimeStampedModel):
    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    closed_on = models.DateField(null=True, blank=True)
    repeats = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="repeated_by"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text[:80]
