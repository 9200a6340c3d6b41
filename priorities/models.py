"""Community priorities and their reviews: the priority lifecycle and feedback."""

import datetime as dt

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import (
    BooleanField,
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from npms.models import TimeStampedModel


class Category(models.TextChoices):
    ASB = "asb", "Anti-social behaviour"
    CRIME = "crime", "Crime"
    DRUGS = "drugs", "Drugs"
    ROAD_SAFETY = "road_safety", "Road safety"
    ENVIRONMENTAL = "environmental", "Environmental"
    OTHER = "other", "Other"


class Source(models.TextChoices):
    MEETING = "meeting", "Meeting"
    SURVEY = "survey", "Survey"
    STREET_BRIEFING = "street_briefing", "Street briefing"
    KIN = "kin", "Key individual network"
    ONLINE = "online", "Online"
    PARTNER = "partner", "Partner"
    POLICE = "police", "Police"


class SetBy(models.TextChoices):
    PUBLIC = "public", "The public"
    POLICE = "police", "The police"
    PARTNER = "partner", "A partner"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved"
    PARTIALLY_RESOLVED = "partially_resolved", "Partially resolved"
    NOT_RESOLVED = "not_resolved", "Not resolved"
    WITHDRAWN = "withdrawn", "Withdrawn"


class PriorityQuerySet(models.QuerySet):
    def with_review_status(self, as_of: dt.date) -> "PriorityQuerySet":
        """Each priority's formal-review status on ``as_of`` (DESIGN.md 4.3), the one definition
        the pages, the metrics and the reminders use:

        ``last_review``: the latest ``review``-kind PriorityReview dated on or before ``as_of``,
        else ``date_set`` (updates and feedback are not reviews);
        ``review_due``: last_review + the force's ``priority_review_days`` (the last day in
        time; "review priorities at least every three months", seeds/004_9fc604fdf3343b13.txt
        lines 23158-23160);
        ``review_overdue``: as_of - last_review > priority_review_days, i.e. review_due < as_of:
        a priority reviewed exactly ``priority_review_days`` ago is not overdue, one day more is.
        Annotations only: no extra query.
        """
        latest = (
            PriorityReview.objects.filter(
                priority_id=OuterRef("pk"), kind=ReviewKind.REVIEW, date__lte=as_of
            )
            .order_by("-date")
            .values("date")[:1]
        )
        return (
            self.annotate(
                last_review=Coalesce(Subquery(latest), F("date_set"), output_field=DateField())
            )
            .annotate(
                # PostgreSQL adds an integer number of days to a date.
                review_due=ExpressionWrapper(
                    F("last_review") + F("neighbourhood__force__priority_review_days"),
                    output_field=DateField(),
                )
            )
            .annotate(
                review_overdue=ExpressionWrapper(
                    Q(review_due__lt=as_of), output_field=BooleanField()
                )
            )
        )

    def review_overdue(self, as_of: dt.date) -> "PriorityQuerySet":
        """The priorities whose formal review is overdue on ``as_of`` (see
        ``with_review_status``), with the status annotations."""
        return self.with_review_status(as_of).filter(review_overdue=True)


class Priority(TimeStampedModel):
    """A community priority agreed for a neighbourhood."""

    neighbourhood = models.ForeignKey(
        "teams.Neighbourhood", on_delete=models.PROTECT, related_name="priorities"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(
        help_text="Where, when and who: enough detail for a targeted response."
    )
    # A priority needs "sufficient detail (time, location, victim, perpetrator) to allow a
    # targeted response" (seeds/004_9fc604fdf3343b13.txt lines 21713-21714), so the form asks
    # for each separately; the services require where and when for new priorities.
    where = models.CharField(max_length=300, blank=True, help_text="Street, park, building.")
    when = models.CharField(max_length=300, blank=True, help_text="Days and times it happens.")
    who = models.CharField(
        max_length=300, blank=True, help_text="Who is affected and who is responsible."
    )
    category = models.CharField(max_length=16, choices=Category.choices)
    source = models.CharField(max_length=16, choices=Source.choices)
    set_by = models.CharField(max_length=8, choices=SetBy.choices)
    raised_at = models.ForeignKey(
        "engagement.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priorities_set",
    )
    date_set = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    public_signoff = models.BooleanField(
        default=False, help_text="The forum agreed the priority is dealt with."
    )
    location = models.PointField(srid=4326, null=True, blank=True)
    public = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)

    objects = PriorityQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date_set", "title"]
        verbose_name_plural = "priorities"
        indexes = [
            models.Index(fields=["neighbourhood", "status"]),
            models.Index(fields=["date_set"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="open") & Q(closed_on__isnull=True) & Q(outcome=""))
                | (Q(status="closed") & Q(closed_on__isnull=False) & ~Q(outcome="")),
                name="priority_closed_has_date_and_outcome",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("date_set")),
                name="priority_closed_not_before_set",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["", *Outcome.values]), name="priority_outcome_known"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ReviewKind(models.TextChoices):
    REVIEW = "review", "Formal review"
    UPDATE = "update", "Progress update"
    FEEDBACK = "feedback", "Feedback to the public"


class PriorityReview(TimeStampedModel):
    """A formal review, a progress update or feedback given to the public."""

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField()
    kind = models.CharField(max_length=8, choices=ReviewKind.choices)
    text = models.TextField()
    public = models.BooleanField(default=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priority_reviews",
    )
    # The meeting at which the review was made (null: reviewed outside a logged meeting); the
    # meeting page lists the priorities it reviewed as well as those it set (issue 13).
    event = models.ForeignKey(
        "engagement.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="priority_reviews",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["priority", "kind", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"
