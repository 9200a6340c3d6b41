"""Engagement with the public: meetings and events, public contacts, key individuals."""

import datetime as dt

from django.contrib.gis.db import models
from django.db.models import (
    BooleanField,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    Value,
)

from npms.models import TimeStampedModel


class EventKind(models.TextChoices):
    PACT_MEETING = "pact_meeting", "PACT meeting"
    WARD_PANEL = "ward_panel", "Ward panel"
    STREET_BRIEFING = "street_briefing", "Street briefing"
    SURGERY = "surgery", "Surgery"
    COMMUNITY_EVENT = "community_event", "Community event"
    DOOR_TO_DOOR = "door_to_door", "Door to door"
    ONLINE = "online", "Online"
    OTHER = "other", "Other"


# The kinds of event at which the public sets priorities (DESIGN.md section 3).
PRIORITY_SETTING_KINDS = frozenset({EventKind.PACT_MEETING, EventKind.WARD_PANEL})


class Event(TimeStampedModel):
    """A meeting or other engagement event."""

    force = models.ForeignKey("teams.Force", on_delete=models.CASCADE, related_name="events")
    neighbourhood = models.ForeignKey(
        "teams.Neighbourhood",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    team = models.ForeignKey(
        "teams.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    address = models.CharField(max_length=300, blank=True)
    location = models.PointField(srid=4326, null=True, blank=True)
    start = models.DateTimeField()
    end = models.DateTimeField(null=True, blank=True)
    public = models.BooleanField(default=True)
    attendance = models.PositiveIntegerField(null=True, blank=True)
    chair = models.CharField(max_length=200, blank=True)
    minutes = models.TextField(blank=True)

    class Meta:
        ordering = ["-start"]
        indexes = [
            models.Index(fields=["neighbourhood", "kind", "start"]),
            models.Index(fields=["team", "start"]),
            # A force's events newest first, as the events list and API read them (issue 14:
            # without it, the first page of a Met-size force sorted its 60,000 events: 24 ms).
            models.Index(fields=["force", "-start", "-id"], name="event_force_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="event_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(attendance__isnull=True) | Q(attendance__gte=0),
                name="event_attendance_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def sets_priorities(self) -> bool:
        return self.kind in PRIORITY_SETTING_KINDS


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    LETTER = "letter", "Letter"
    ONLINE_FORM = "online_form", "Online form"
    SOCIAL = "social", "Social media"
    IN_PERSON = "in_person", "In person"


class PublicContactQuerySet(models.QuerySet):
    def with_deadline(self) -> "PublicContactQuerySet":
        """Annotate ``deadline`` = received_at + the force's ``contact_response_hours``
        (DESIGN.md 4.4; the Guarantee's "meaningful response within 72 hours",
        domain-notes/anchors.md section 0)."""
        hours = ExpressionWrapper(
            F("neighbourhood__force__contact_response_hours") * Value(dt.timedelta(hours=1)),
            output_field=DurationField(),
        )
        return self.annotate(
            deadline=ExpressionWrapper(F("received_at") + hours, output_field=DateTimeField())
        )

    def with_response_status(self, now: dt.datetime) -> "PublicContactQuerySet":
        """The one definition of "answered in time" (DESIGN.md 4.4), as annotations on top of
        ``deadline``: ``answered_in_time`` (answered at or before the deadline: exactly at it
        is in time), ``answered_late`` (answered after it), ``overdue`` (unanswered and ``now``
        is past the deadline) and ``late`` (answered late or overdue). Each is True or False,
        never null. Annotations only: no extra query."""
        answered = Q(responded_at__isnull=False)
        answered_late = answered & Q(responded_at__gt=F("deadline"))
        overdue = Q(responded_at__isnull=True, deadline__lt=now)
        return self.with_deadline().annotate(
            answered_in_time=ExpressionWrapper(
                answered & Q(responded_at__lte=F("deadline")), output_field=BooleanField()
            ),
            answered_late=ExpressionWrapper(answered_late, output_field=BooleanField()),
            overdue=ExpressionWrapper(overdue, output_field=BooleanField()),
            late=ExpressionWrapper(answered_late | overdue, output_field=BooleanField()),
        )

    def late(self, now: dt.datetime) -> "PublicContactQuerySet":
        """Contacts answered late, or still unanswered past their deadline at ``now``."""
        return self.with_response_status(now).filter(late=True)


class PublicContact(TimeStampedModel):
    """A message from the public to the team, and when it was answered."""

    neighbourhood = models.ForeignKey(
        "teams.Neighbourhood", on_delete=models.CASCADE, related_name="contacts"
    )
    team = models.ForeignKey(
        "teams.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="contacts"
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    received_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField()
    response = models.TextField(blank=True)
    note = models.TextField(blank=True)

    objects = PublicContactQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["neighbourhood", "received_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(responded_at__isnull=True) | Q(responded_at__gte=F("received_at")),
                name="contact_response_not_before_receipt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.received_at:%Y-%m-%d}"


class KeyIndividual(TimeStampedModel):
    """A member of the Key Individual Network. Personal data: police eyes only."""

    neighbourhood = models.ForeignKey(
        "teams.Neighbourhood", on_delete=models.CASCADE, related_name="key_individuals"
    )
    team = models.ForeignKey(
        "teams.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="key_individuals",
    )
    name = models.CharField(max_length=200)
    community_role = models.CharField(
        max_length=200, blank=True, help_text="e.g. shopkeeper, school governor, faith leader"
    )
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=50, blank=True)
    address = models.CharField(max_length=300, blank=True)
    consent_given_on = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "key individual"

    def __str__(self) -> str:
        return self.name
