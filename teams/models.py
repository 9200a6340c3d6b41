"""Force structure and people: the base of NPMS. This app imports no other NPMS app."""

from decimal import Decimal

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import F, Func, Q
from simple_history.models import HistoricalRecords

from npms.models import TimeStampedModel


class FiguresMarked(TimeStampedModel):
    """A scope (force, BCU, team) whose figures the dashboards may read from a snapshot, with
    the time the data behind those figures last changed (issue 13). The dashboards compare it
    with a snapshot's ``computed_at`` to know whether the snapshot still holds: a team's marker
    is its own; a BCU's the latest of its own and its teams'; a force's the latest of its own,
    its BCUs' and its teams' (``teams.selectors.figures_changed_at``). A BCU or force is marked
    on its own for what no team of it records: a team moved away, a priority in a neighbourhood
    no team covers.

    Written only by ``teams.services.team_figures_touch``, with one UPDATE after the change
    commits; null = never changed. ``save`` never writes it, so saving a row loaded before a
    newer mark (the admin's form, an importer) cannot move the marker back."""

    figures_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and not kwargs.get("force_insert"):
            if kwargs.get("update_fields") is None:
                kwargs["update_fields"] = [
                    field.name
                    for field in self._meta.concrete_fields
                    if not field.primary_key and field.name != "figures_changed_at"
                ]
        super().save(*args, **kwargs)


class Force(FiguresMarked):
    """A police force, with the policy settings the metrics are judged against."""

    slug = models.SlugField(
        max_length=64, unique=True, help_text="The data.police.uk force id, e.g. cambridgeshire."
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True)
    telephone = models.CharField(max_length=50, blank=True)
    engagement_methods = models.JSONField(
        default=list, blank=True, help_text="data.police.uk engagement methods: url, type, title."
    )
    # Policing Pledge: neighbourhood staff spend at least 80% of their time in the
    # neighbourhood, so at most 20% may be abstracted (DESIGN.md 4.1).
    abstraction_limit = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.200"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
    )
    # Sickness is not on the list of dedicated activities, seeds/004 lines 21140-21178.
    sickness_is_abstraction = models.BooleanField(default=True)
    # The seed's definition counts "rest day or annual leave" as dedicated time
    # (seeds/004_9fc604fdf3343b13.txt lines 21165-21168); False leaves them out of both sides
    # of the abstraction rate (duty time only).
    leave_is_dedicated = models.BooleanField(default=True)
    # HMIC's good range is 1:8 to 1:12, seeds/000 lines 133-135 and 890-892.
    supervision_span_limit = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("12"),
        validators=[MinValueValidator(Decimal("1"))],
    )
    # Where the amber band of the supervision span starts. HMIC's good range is 1:8 to 1:12
    # (seeds/000 lines 131-134), so by default (null) there is no amber band inside it: green up
    # to the limit, red above. A force whose policy wants an early warning sets it (e.g. 10).
    supervision_span_amber = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1"))],
        help_text="Span above which the supervision rating is amber (blank: no amber band).",
    )
    # "Review priorities at least every three months" (DESIGN.md 4.3).
    priority_review_days = models.PositiveIntegerField(
        default=90, validators=[MinValueValidator(1)]
    )
    contact_response_hours = models.PositiveIntegerField(
        default=72, validators=[MinValueValidator(1)]
    )
    meeting_interval_days = models.PositiveIntegerField(
        default=90, validators=[MinValueValidator(1)]
    )
    # A sergeant reviews a problem-solving plan every 28 days (domain-notes/anchors.md A4.3).
    plan_review_days = models.PositiveIntegerField(default=28, validators=[MinValueValidator(1)])
    # Green points of the three figures the inspections need (DESIGN.md 4.5, rated by share as
    # 4.6 says): the share at or above which a figure is green. Below it a figure is amber while
    # more than half its items pass and red at half or fewer: the self-assessment's key, "Red =
    # does not meet majority", "Green = meets virtually all" (seeds/004_9fc604fdf3343b13.txt
    # lines 22442-22446). Defaults from the seeds: "3-5 priorities recommended", with room for
    # fewer or more (lines 22942-22945), so virtually all (0.8, as inspections.grading reads
    # it) of the neighbourhoods; "action plans for all identified priorities" (lines
    # 23058-23059), so every one (1.0); plans assessed, virtually all (0.8; HMIC asked for
    # evaluation of problem solving, seeds/000_c7035e1074614552.txt lines 1494-1495).
    priorities_in_range_green = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.800"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="Share of neighbourhoods with 3 to 5 open public priorities that is green.",
    )
    priorities_with_plan_green = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("1.000"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="Share of open priorities served by a plan that is green.",
    )
    plans_assessed_green = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=Decimal("0.800"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="Share of plans open 90 days or more with an assessment that is green.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(abstraction_limit__gte=0, abstraction_limit__lte=1),
                name="force_abstraction_limit_fraction",
            ),
            models.CheckConstraint(
                condition=Q(supervision_span_limit__gte=1), name="force_span_limit_positive"
            ),
            models.CheckConstraint(
                condition=Q(supervision_span_amber__isnull=True)
                | Q(
                    supervision_span_amber__gte=1,
                    supervision_span_amber__lte=F("supervision_span_limit"),
                ),
                name="force_span_amber_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(priority_review_days__gte=1)
                & Q(contact_response_hours__gte=1)
                & Q(meeting_interval_days__gte=1),
                name="force_policy_periods_positive",
            ),
            models.CheckConstraint(
                condition=Q(plan_review_days__gte=1), name="force_plan_review_days_positive"
            ),
            models.CheckConstraint(
                condition=Q(priorities_in_range_green__gte=0, priorities_in_range_green__lte=1)
                & Q(priorities_with_plan_green__gte=0, priorities_with_plan_green__lte=1)
                & Q(plans_assessed_green__gte=0, plans_assessed_green__lte=1),
                name="force_figure_green_shares_fractions",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BCU(FiguresMarked):
    """Basic Command Unit: a division of the force, led by a BCU commander."""

    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="bcus")
    code = models.CharField(max_length=32)
    name = models.CharField(max_length=200)

    class Meta:
        verbose_name = "BCU"
        verbose_name_plural = "BCUs"
        ordering = ["force", "name"]
        constraints = [
            models.UniqueConstraint(fields=["force", "code"], name="bcu_code_unique_per_force")
        ]

    def __str__(self) -> str:
        return self.name


class Neighbourhood(TimeStampedModel):
    """A neighbourhood as published on data.police.uk, with its boundary."""

    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="neighbourhoods")
    bcu = models.ForeignKey(
        BCU, on_delete=models.PROTECT, null=True, blank=True, related_name="neighbourhoods"
    )
    code = models.CharField(max_length=64, help_text="The data.police.uk neighbourhood id.")
    name = models.CharField(max_length=200)
    population = models.PositiveIntegerField(null=True, blank=True)
    boundary = models.MultiPolygonField(srid=4326, null=True, blank=True)
    centre = models.PointField(srid=4326, null=True, blank=True)
    description = models.TextField(blank=True)
    welcome_message = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=50, blank=True)
    url_force = models.URLField(blank=True)
    links = models.JSONField(default=list, blank=True)
    locations = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["force", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "code"], name="neighbourhood_code_unique_per_force"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.bcu_id and self.force_id and self.bcu.force_id != self.force_id:
            raise ValidationError({"bcu": "The BCU belongs to another force."})
        if self.boundary is not None and not self.boundary.valid:
            raise ValidationError(
                {"boundary": f"The boundary is not a valid polygon: {self.boundary.valid_reason}"}
            )


class Team(FiguresMarked):
    """A Neighbourhood Policing Team (NPT). It may cover several neighbourhoods."""

    bcu = models.ForeignKey(BCU, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    neighbourhoods = models.ManyToManyField(Neighbourhood, related_name="teams", blank=True)
    target_sergeants = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    target_constables = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    target_pcsos = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    # ``figures_changed_at`` (FiguresMarked): when data behind this team's figures last changed
    # (a duty record, a posting, a priority in one of its neighbourhoods ...).

    class Meta:
        ordering = ["bcu", "name"]
        constraints = [
            models.UniqueConstraint(fields=["bcu", "name"], name="team_name_unique_per_bcu"),
            models.CheckConstraint(
                condition=(Q(target_sergeants__isnull=True) | Q(target_sergeants__gte=0))
                & (Q(target_constables__isnull=True) | Q(target_constables__gte=0))
                & (Q(target_pcsos__isnull=True) | Q(target_pcsos__gte=0)),
                name="team_targets_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def force_id(self) -> int:
        return self.bcu.force_id


class Member(TimeStampedModel):
    """A member of staff (officer, PCSO, special, volunteer)."""

    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="members")
    staff_number = models.CharField(max_length=32)
    name = models.CharField(max_length=200)
    rank = models.CharField(max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
    )
    bio = models.TextField(blank=True)
    contact_details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "staff_number"], name="member_staff_number_unique_per_force"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_public_contact(self) -> bool:
        """At least one public contact method (email, telephone, ...) is filled in."""
        return any(str(v).strip() for v in (self.contact_details or {}).values())


class HasPublicContact(Func):
    """True when a ``contact_details`` JSON object (data.police.uk people format: email,
    telephone, twitter ...) holds at least one non-blank value: the member can be reached by
    the public (a "named officer", DESIGN.md 4.4). Usable in filters and subqueries."""

    template = (
        "EXISTS (SELECT 1 FROM jsonb_each_text(%(expressions)s) AS contact(method, value) "
        "WHERE btrim(contact.value) <> '')"
    )
    output_field = models.BooleanField()


class PostingRole(models.TextChoices):
    INSPECTOR = "inspector", "Inspector"
    SERGEANT = "sergeant", "Sergeant"
    CONSTABLE = "constable", "Constable"
    PCSO = "pcso", "PCSO"
    SPECIAL = "special", "Special constable"
    VOLUNTEER = "volunteer", "Volunteer"


class DateRange(Func):
    """PostgreSQL daterange(lower, upper, '[]'); a null upper bound is open-ended."""

    function = "DATERANGE"
    output_field = DateRangeField()


def posting_active_between_q(start, end, *, prefix: str = "") -> Q:
    """The condition "the posting is in post on at least one day of ``start``..``end``"
    (inclusive; ``end`` None = open-ended): start_date <= end and (end_date is null or
    end_date >= start). The one definition of an active posting (DESIGN.md section 3, Posting);
    ``start`` and ``end`` may be dates or expressions (``F("date")``, ``OuterRef("date")``), and
    ``prefix`` reaches the posting through a relation (``"postings__"``)."""
    active = Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": start})
    if end is not None:
        active &= Q(**{f"{prefix}start_date__lte": end})
    return active


def posting_active_on_q(day, *, prefix: str = "") -> Q:
    """The condition "the posting is active on ``day``": start_date <= day and (end_date is
    null or end_date >= day); a posting ending on D is active on D, not on D + 1. ``day`` may be
    an expression; see ``posting_active_between_q``."""
    if day is None:
        raise ValueError("A posting is active on a day: give the day.")
    return posting_active_between_q(day, day, prefix=prefix)


class PostingQuerySet(models.QuerySet):
    def active_on(self, day) -> "PostingQuerySet":
        """Postings active on ``day`` (DESIGN.md section 3)."""
        return self.filter(posting_active_on_q(day))

    def active_between(self, start, end) -> "PostingQuerySet":
        """Postings active on at least one day of ``start``..``end`` (``end`` None: from
        ``start`` on, open-ended)."""
        return self.filter(posting_active_between_q(start, end))


class Posting(TimeStampedModel):
    """A member's role in a team over a period (end_date null = current)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="postings")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="postings")
    role = models.CharField(max_length=16, choices=PostingRole.choices)
    fte = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    hybrid = models.BooleanField(
        default=False, help_text="A sergeant who also supervises response teams."
    )

    objects = PostingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["team", "start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(condition=Q(fte__gt=0, fte__lte=1), name="posting_fte_in_range"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="posting_end_not_before_start",
            ),
            # One active posting per member and team at a time.
            ExclusionConstraint(
                name="posting_no_overlap_per_member_team",
                expressions=[
                    ("member", RangeOperators.EQUAL),
                    ("team", RangeOperators.EQUAL),
                    (
                        DateRange(
                            "start_date",
                            "end_date",
                            RangeBoundary(inclusive_lower=True, inclusive_upper=True),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_role_display()}, {self.team}"


class Activity(models.TextChoices):
    PATROL = "patrol", "Patrol in the neighbourhood"
    ENGAGEMENT = "engagement", "Engagement with residents"
    NP_RELATED = "np_related", "Neighbourhood-related work (briefings, meetings, court, papers)"
    NP_TRAINING = "np_training", "Training for the neighbourhood role"
    REST_DAY = "rest_day", "Rest day"
    ANNUAL_LEAVE = "annual_leave", "Annual leave"
    SICKNESS = "sickness", "Sickness"
    RESPONSE_COVER = "response_cover", "Response cover"
    CUSTODY_COVER = "custody_cover", "Custody cover"
    PUBLIC_ORDER = "public_order", "Public order"
    INVESTIGATION = "investigation", "Investigation"
    OTHER_TRAINING = "other_training", "Other training"
    OTHER_DUTY = "other_duty", "Other duty"


# A dedicated neighbourhood officer's activities, seeds/004_9fc604fdf3343b13.txt lines
# 21140-21178: patrol, engagement, NP-related work and NP training. "Any activity that is not
# included in this list is an abstraction (unless undertaken as paid overtime)". Rest days and
# annual leave are on the list (lines 21165-21168): dedicated when Force.leave_is_dedicated,
# else left out of both sides. Sickness depends on Force.sickness_is_abstraction.
DEDICATED_ACTIVITIES = frozenset(
    {Activity.PATROL, Activity.ENGAGEMENT, Activity.NP_RELATED, Activity.NP_TRAINING}
)
OFF_ACTIVITIES = frozenset({Activity.REST_DAY, Activity.ANNUAL_LEAVE})
SICKNESS_ACTIVITIES = frozenset({Activity.SICKNESS})
ABSTRACTION_ACTIVITIES = frozenset(
    {
        Activity.RESPONSE_COVER,
        Activity.CUSTODY_COVER,
        Activity.PUBLIC_ORDER,
        Activity.INVESTIGATION,
        Activity.OTHER_TRAINING,
        Activity.OTHER_DUTY,
    }
)


class DutyRecord(TimeStampedModel):
    """Hours a member spent on one activity on one day; several per day is normal.

    ``posting_role`` is the member's posting role on ``date`` (DESIGN.md section 4.1: the
    abstraction figures are "split by the posting role of the member on that date"), stored so
    that the metrics group by a plain column instead of resolving a posting per record at query
    time. The rule (DESIGN.md section 3, Posting; ``posting_active_on_q``): the member's posting
    in the record's own team active on ``date`` (the services require one); else, for a record
    saved before that rule, the member's posting active that day in any team, the largest FTE
    first, then the lowest id; else null (no posting at all that day: no role).

    PostgreSQL triggers keep it (migration ``0011_duty_record_posting_role``), not Python: duty
    records are written by the services, the admin, the importer, the generators' COPY and
    bulk_create and raw SQL, and postings change under records already saved; only a trigger
    sees every one of those writes. A value written to the column is always replaced by the
    rule's. ``db_default`` makes Django read the trigger's value back on insert (RETURNING);
    after an update that moves a record (member, team, date) call ``refresh_from_db``.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="duty_records")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="duty_records")
    date = models.DateField()
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("24"))],
    )
    activity = models.CharField(max_length=20, choices=Activity.choices)
    paid_overtime = models.BooleanField(default=False)
    note = models.TextField(blank=True)
    # Set by the database (see the class docstring), never by the application.
    posting_role = models.CharField(
        max_length=16,
        choices=PostingRole.choices,
        null=True,
        blank=True,
        editable=False,
        db_default=None,
        help_text="The member's posting role on the record's date (kept by the database).",
    )

    # Not in the history: the database changes it when a posting changes, which no
    # historical row would record, so a copy there would only mislead.
    history = HistoricalRecords(excluded_fields=["posting_role"])

    class Meta:
        ordering = ["-date", "member"]
        indexes = [
            # Covering: a team's or BCU's period is read from this index alone (an index-only
            # scan), wherever its rows lie in the table. Records arrive day by day, so a team's
            # year is spread over the whole table; with a plain (team, date) index the
            # abstraction rate of a BCU-year read most of the table (manage.py bench at the
            # Met's size: 2.7 s, with this index 0.5 s). posting_role is included because the
            # abstraction figures group by it: without it the BCU-year went back to the heap
            # (268 ms before the column, 603 ms with it outside the index; issue 14).
            models.Index(
                fields=["team", "date"],
                include=["member", "activity", "hours", "paid_overtime", "posting_role"],
                name="teams_duty_team_date_cover",
            ),
            models.Index(fields=["member", "date"]),
            # (date, id), not just date: the API's duty-record feed pages by -date, -id, and a
            # backward scan of this index gives its first page without sorting a whole day
            # (manage.py bench at the Met's size: that query went from about 90 ms to 5 ms).
            models.Index(fields=["date", "id"], name="teams_duty_date_id_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24), name="duty_hours_in_range"
            ),
            models.CheckConstraint(
                condition=Q(activity__in=[a.value for a in Activity]),
                name="duty_activity_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.date} {self.hours}h {self.activity}"


class DutyWeek(models.Model):
    """The duty records of a team added up by week (Monday to Sunday), activity, paid overtime
    and posting role: hours and how many records. Read by the abstraction figures of teams,
    BCUs and forces, which read a period's whole weeks here and only the days at its ends from
    the duty records: a year of a Met-size force is about 570,000 of these rows instead of 2.4
    million records (issue 14). Every figure is a sum of hours, so the weeks' sums add up to
    exactly what the records would give (DESIGN.md section 4: aggregates add up the hours).

    Kept by PostgreSQL triggers on the duty records (migration ``0012_duty_week``), never by the
    application: inserts, updates (including the posting role the database rewrites when a
    posting changes), deletes and TRUNCATE, from every write path (services, admin, importer,
    the generators' COPY, raw SQL). ``posting_role`` is '' for records with no posting that day
    (the records' null), so that the key is unique. A row whose records are all gone is
    deleted.
    """

    # No cascade from Django: a team's rows go when its duty records are deleted (the trigger).
    team = models.ForeignKey(Team, on_delete=models.DO_NOTHING, related_name="+", db_index=False)
    week = models.DateField(help_text="The Monday of the week.")
    activity = models.CharField(max_length=20, choices=Activity.choices)
    paid_overtime = models.BooleanField()
    posting_role = models.CharField(max_length=16, blank=True)
    hours = models.DecimalField(max_digits=12, decimal_places=2)
    # Not a PositiveIntegerField: its CHECK would refuse the triggers' negative changes (a
    # delete), which PostgreSQL checks on the proposed row before ON CONFLICT adds them up.
    records = models.IntegerField()

    class Meta:
        constraints = [
            # The triggers' ON CONFLICT key; hours included, so a team's or BCU's weeks are
            # read from the index alone.
            models.UniqueConstraint(
                fields=["team", "week", "activity", "paid_overtime", "posting_role"],
                include=["hours"],
                name="teams_dutyweek_key",
            ),
        ]
        indexes = [
            # The nightly job reads every team's weeks of a date range (an index-only scan).
            models.Index(
                fields=["week"],
                include=["team", "activity", "paid_overtime", "posting_role", "hours"],
                name="teams_dutyweek_week_cover",
            ),
        ]

    def __str__(self) -> str:
        return f"team {self.team_id} week of {self.week} {self.activity} {self.hours}h"


class PartnerKind(models.TextChoices):
    COUNCIL = "council", "Council"
    HOUSING = "housing", "Housing provider"
    FIRE = "fire", "Fire and rescue service"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    VOLUNTARY = "voluntary", "Voluntary group"
    BUSINESS = "business", "Business"
    OTHER = "other", "Other"


class Partner(TimeStampedModel):
    """A partner organisation; its neighbourhoods are the scope of its API access."""

    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=PartnerKind.choices)
    neighbourhoods = models.ManyToManyField(Neighbourhood, related_name="partners", blank=True)
    email = models.EmailField(blank=True)
    telephone = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["force", "name"], name="partner_name_unique_per_force")
        ]

    def __str__(self) -> str:
        return self.name
