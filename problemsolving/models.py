"""SARA problem-solving plans, their EPIC actions and reviews."""

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
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
    # The rest of the seed's minimum content of a plan (seeds/004_9fc604fdf3343b13.txt
    # lines 7433-7468): objectives, partners involved, data used, risk and impact, closure.
    objectives = models.TextField(blank=True, help_text="SMART objectives.")
    data_sources = models.TextField(
        blank=True, help_text="What the analysis used, partners' data included."
    )
    partners = models.ManyToManyField(
        "teams.Partner",
        blank=True,
        related_name="plans_joined",
        help_text="Organisations whose representatives take part in the plan.",
    )
    risk_assessment = models.TextField(blank=True)
    community_impact = models.TextField(blank=True, help_text="Community-impact assessment.")
    victim = models.TextField(blank=True, help_text="Problem analysis triangle: the victim.")
    offender = models.TextField(blank=True, help_text="Problem analysis triangle: the offender.")
    location = models.TextField(blank=True, help_text="Problem analysis triangle: the location.")
    response_summary = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    outcome = models.CharField(max_length=12, choices=PlanOutcome.choices, blank=True)
    opened_on = models.DateField()
    next_review_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_justification = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    # Full-text search document (English): kept current by database triggers on every write to
    # the plan or its actions (migration 0002), so no writer can forget it.
    search = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search"])

    class Meta:
        ordering = ["-opened_on", "title"]
        indexes = [
            models.Index(fields=["neighbourhood", "stage"]),
            GinIndex(fields=["search"], name="plan_search_gin"),
        ]
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

    def get_absolute_url(self) -> str:
        return reverse("problemsolving:detail", args=[self.pk])


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
