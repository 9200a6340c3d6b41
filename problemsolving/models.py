"""SARA problem-solving plans, their EPIC actions and reviews."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from npms.models import TimeStampedModel


class Stage(models.TextChoices):
    SCAN = "scan", "Scanning"
    ANALYSIS = "analysis", "Analysis"
    RESPONSE = "response", "Response"
    ASSESSMENT = "assessment", "Assessment"
    CLOSED = "closed", "Closed"


class PlanOutcome(models.TextChoices):
    ELIMINATED = "eliminated", "Problem eliminated"
    REDUCED = "reduced", "Problem reduced"
    DISPLACED = "displaced", "Problem displaced"
    NO_CHANGE = "no_change", "No change"


class Plan(TimeStampedModel):
    """A SARA plan: scan, analysis (problem analysis triangle), response, assessment."""

    priority = models.ForeignKey(
        "priorities.Priority",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
    )
    neighbourhood = models.ForeignKey(
        "teams.Neighbourhood", on_delete=models.PROTECT, related_name="plans"
    )
    title = models.CharField(max_length=200)
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.SCAN)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans_owned",
    )
    owner_partner = models.ForeignKey(
        "teams.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans_owned",
    )
    scan = models.TextField(blank=True, help_text="The problem statement.")
    victim = models.TextField(blank=True, help_text="Problem analysis triangle: the victim.")
    offender = models.TextField(blank=True, help_text="Problem analysis triangle: the offender.")
    location = models.TextField(blank=True, help_text="Problem analysis triangle: the location.")
    response_summary = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    outcome = models.CharField(max_length=12, choices=PlanOutcome.choices, blank=True)
    opened_on = models.DateField()
    next_review_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "title"]
        indexes = [models.Index(fields=["neighbourhood", "stage"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(stage="closed") & Q(closed_on__isnull=False) & ~Q(outcome=""))
                | (~Q(stage="closed") & Q(closed_on__isnull=True)),
                name="plan_closed_has_date_and_outcome",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="plan_closed_not_before_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ActionCategory(models.TextChoices):
    ENFORCEMENT = "enforcement", "Enforcement"
    PREVENTION = "prevention", "Prevention"
    INTELLIGENCE = "intelligence", "Intelligence"
    COMMUNICATION = "communication", "Communication"


class Action(TimeStampedModel):
    """One action of a plan's response, filed under the EPIC template."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions")
    category = models.CharField(max_length=16, choices=ActionCategory.choices)
    description = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_actions",
    )
    owner_partner = models.ForeignKey(
        "teams.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_actions",
    )
    due_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description[:50]}"


class PlanReview(TimeStampedModel):
    """A supervisor's review of a plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_reviews",
    )
    notes = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"Review of {self.plan} on {self.date}"
