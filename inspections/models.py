"""Inspection frameworks (HMIC 2008, NPIA self-assessment), judgements, recommendations."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from npms.models import TimeStampedModel


class Grade(models.TextChoices):
    EXCEEDING = "exceeding", "Exceeding the standard"
    MEETING = "meeting", "Meeting the standard"
    FAILING = "failing", "Failing to meet the standard"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class MetricName(models.TextChoices):
    """The figures of DESIGN.md section 4 an inspection criterion can draw evidence from."""

    ABSTRACTION_RATE = "abstraction_rate", "Abstraction rate"
    SUPERVISION_SPAN = "supervision_span", "Supervision span"
    PRIORITIES_UP_TO_DATE = "priorities_up_to_date", "Neighbourhoods with up-to-date priorities"
    PRIORITIES_PER_NEIGHBOURHOOD = (
        "priorities_per_neighbourhood",
        "Neighbourhoods with 3 to 5 priorities",
    )
    PRIORITIES_WITH_PLAN = "priorities_with_plan", "Priorities with a plan"
    MEETING_CADENCE = "meeting_cadence", "Neighbourhoods meeting on cadence"
    CONTACT_RESPONSIVENESS = "contact_responsiveness", "Contacts answered in time"
    NAMED_OFFICER_COVERAGE = "named_officer_coverage", "Neighbourhoods with a named officer"
    PLANS_ASSESSED = "plans_assessed", "Plans assessed"


class Framework(TimeStampedModel):
    """A standard a force is inspected against (DESIGN.md section 3), loaded as data."""

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=300, blank=True, help_text="The source document.")
    description = models.TextField(blank=True)
    grades = models.JSONField(
        default=list,
        blank=True,
        help_text="The grades a judgement may take under this framework, best first.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(grades__contained_by=Grade.values),
                name="framework_grades_are_known",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(TimeStampedModel):
    """A criterion, written in our own words, with a reference to its source."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=32)
    order = models.PositiveSmallIntegerField(
        default=0, help_text="Position in the framework, as the source lists them."
    )
    theme = models.CharField(max_length=100)
    area = models.CharField(
        max_length=200,
        blank=True,
        help_text="The heading within the theme, where the source has one.",
    )
    text = models.TextField()
    looking_fors = models.JSONField(
        default=list,
        blank=True,
        help_text='What an assessor looks for: [{"code": 1, "text": "..."}, ...].',
    )
    source_ref = models.CharField(
        max_length=200, blank=True, help_text="Seed or notes file and line range."
    )
    metric = models.CharField(
        max_length=64, blank=True, choices=MetricName.choices, help_text="Metric for evidence."
    )
    threshold = models.DecimalField(max_digits=10, decimal_places=4, null=True, blank=True)
    threshold_ref = models.CharField(
        max_length=300, blank=True, help_text="Where the threshold comes from."
    )

    class Meta:
        ordering = ["framework", "order", "code"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "code"], name="criterion_code_unique_per_framework"
            ),
            models.CheckConstraint(
                condition=Q(metric="") | Q(metric__in=MetricName.values),
                name="criterion_metric_is_known",
            ),
            # A figure is only evidence against a line: a metric always comes with a threshold.
            models.CheckConstraint(
                condition=(Q(metric="") & Q(threshold__isnull=True))
                | (~Q(metric="") & Q(threshold__isnull=False)),
                name="criterion_threshold_with_metric",
            ),
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

    def get_absolute_url(self) -> str:
        return f"/inspections/{self.pk}/"


class Judgement(TimeStampedModel):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="judgements")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="judgements")
    grade = models.CharField(max_length=10, choices=Grade.choices, blank=True)
    evidence = models.TextField(blank=True)
    computed_evidence = models.JSONField(default=dict, blank=True)
    looking_fors_met = models.JSONField(
        default=list, blank=True, help_text="Codes of the criterion's looking-fors found met."
    )
    serious_omission = models.BooleanField(
        default=False,
        help_text="The assessor found a serious omission (the self-assessment's RAG rule).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__order", "criterion__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "criterion"], name="judgement_once_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.grade or 'ungraded'}"

    def clean(self) -> None:
        """A grade from the criterion's framework; looking-fors ticked only from its list."""
        super().clean()
        errors = {}
        if self.criterion_id:
            criterion = self.criterion
            allowed = criterion.framework.grades
            if self.grade and allowed and self.grade not in allowed:
                errors["grade"] = f"Choose one of {', '.join(allowed)} for this framework."
            codes = {item["code"] for item in criterion.looking_fors}
            ticked = self.looking_fors_met
            if not isinstance(ticked, list):
                errors["looking_fors_met"] = "Give a list of looking-for codes."
            elif unknown := [code for code in ticked if code not in codes]:
                errors["looking_fors_met"] = f"Not looking-fors of this criterion: {unknown}."
            elif len(set(ticked)) != len(ticked):
                errors["looking_fors_met"] = "A looking-for is ticked twice."
        if errors:
            raise ValidationError(errors)


class ThemeAssessment(TimeStampedModel):
    """The assessor's overall grade and comments for one theme of an inspection: the
    self-assessment's "any other comments" and "overall theme assessment" boxes that close
    each theme (seeds/004_9fc604fdf3343b13.txt lines 22656-22658). The grade is the
    assessor's; ``inspections.grading.theme_grade`` suggests one from the questions."""

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="theme_assessments"
    )
    theme = models.CharField(max_length=100)
    grade = models.CharField(max_length=10, choices=Grade.choices, blank=True)
    comments = models.TextField(blank=True, help_text="Including effective practice found.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "theme"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspection", "theme"], name="theme_assessment_once_per_theme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.theme}: {self.grade or 'ungraded'}"


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
        constraints = [
            models.CheckConstraint(
                condition=~Q(repeats=F("id")), name="recommendation_does_not_repeat_itself"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    def clean(self) -> None:
        """A repeat points back to a recommendation of an earlier inspection of the force."""
        super().clean()
        if self.repeats_id and self.inspection_id:
            earlier = self.repeats.inspection
            if earlier.force_id != self.inspection.force_id or (
                earlier.pk == self.inspection_id or earlier.start_date > self.inspection.start_date
            ):
                raise ValidationError(
                    {"repeats": "Choose a recommendation of an earlier inspection of this force."}
                )
