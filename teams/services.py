"""Writes for force structure, postings and duty time.

Every service is atomic, validates with ``full_clean()`` and raises
``django.core.exceptions.ValidationError`` with a dict naming the field, so nothing is
half-saved and callers (pages, API, imports) can show the message beside the field.
"""

import datetime as dt
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, IntegrityError, connections, transaction
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from npms.dates import refuse_implausible

from .models import BCU, Activity, DutyRecord, Force, Member, Neighbourhood, Posting, Team

logger = logging.getLogger(__name__)

MAX_HOURS_PER_DAY = Decimal("24")


def _decimal(value, field: str) -> Decimal:
    try:
        result = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: f"“{value}” is not a number."}) from None
    if not result.is_finite():
        raise ValidationError({field: f"“{value}” is not a number."})
    return result


def _check_same_force(member: Member, team: Team) -> None:
    if member.force_id != team.bcu.force_id:
        raise ValidationError({"team": "The team belongs to another force than the member."})


def _overlapping_postings(member: Member, team: Team, start: dt.date, end: dt.date | None):
    return Posting.objects.filter(member=member, team=team).active_between(start, end)


MAX_FTE = Decimal("1.00")


def _check_total_fte(member: Member, fte: Decimal, start: dt.date, end: dt.date | None) -> None:
    """One person's FTE across overlapping postings never passes 1.0 (DESIGN.md 4.2 adds up
    FTE: a person counted twice would inflate a span). The sum of the active postings only rises
    on a day a posting starts, so the highest total over ``start..end`` is on ``start`` or on
    the start of one of the member's postings inside the period. Refused naming ``fte``."""
    others = list(
        Posting.objects.filter(member=member)
        .active_between(start, end)
        .values_list("start_date", "end_date", "fte")
    )
    days = {start} | {s for s, _, _ in others if s > start}
    for day in sorted(days):
        total = fte + sum(
            (f for s, e, f in others if s <= day and (e is None or e >= day)), Decimal("0")
        )
        if total > MAX_FTE:
            raise ValidationError(
                {
                    "fte": f"{member} would be posted at {total} FTE in all on {day:%d %B %Y}; "
                    f"one person's postings add up to at most {MAX_FTE} FTE."
                }
            )


@transaction.atomic
def posting_create(
    *,
    member: Member,
    team: Team,
    role: str,
    start_date: dt.date,
    fte: Decimal | float | str = Decimal("1.00"),
    end_date: dt.date | None = None,
    hybrid: bool = False,
) -> Posting:
    """Post a member to a team in a role from ``start_date`` (to ``end_date``, or open-ended).

    A member has at most one posting in a team at any time (database exclusion constraint);
    an overlapping posting is refused with a message naming ``start_date``. The member's
    postings never add up to more than 1.0 FTE on any day (refused naming ``fte``; checked
    under a lock on the member, so two racing postings cannot pass it).
    """
    _lock_member_days(member)
    refuse_implausible("start_date", start_date)
    refuse_implausible("end_date", end_date)
    _check_same_force(member, team)
    posting = Posting(
        member=member,
        team=team,
        role=role,
        fte=_decimal(fte, "fte"),
        start_date=start_date,
        end_date=end_date,
        hybrid=hybrid,
    )
    posting.full_clean(validate_constraints=False)
    if _overlapping_postings(member, team, start_date, end_date).exists():
        raise ValidationError(
            {"start_date": f"{member} already has a posting in {team} during this period."}
        )
    if hybrid and role != "sergeant":
        raise ValidationError({"hybrid": "Only a sergeant can be a hybrid (response) supervisor."})
    _check_total_fte(member, posting.fte, start_date, end_date)
    try:
        with transaction.atomic():
            posting.save()
    except IntegrityError:
        raise ValidationError(
            {"start_date": f"{member} already has a posting in {team} during this period."}
        ) from None
    return posting


@transaction.atomic
def posting_end(*, posting: Posting, end_date: dt.date) -> Posting:
    """End a posting on ``end_date`` (the last day in post). Moving an end later re-checks the
    days it adds as ``posting_create`` checks a new posting (under the same lock on the member):
    no other posting in the team then, and at most 1.0 FTE a day in all; refused naming
    ``end_date``, nothing saved."""
    refuse_implausible("end_date", end_date)
    if end_date < posting.start_date:
        raise ValidationError({"end_date": "A posting cannot end before it starts."})
    if posting.end_date is not None and end_date > posting.end_date:
        _lock_member_days(posting.member)
        added = (posting.end_date + dt.timedelta(days=1), end_date)
        if _overlapping_postings(posting.member, posting.team, *added).exists():
            raise ValidationError(
                {
                    "end_date": f"{posting.member} already has a posting in {posting.team} "
                    "during this period."
                }
            )
        try:
            _check_total_fte(posting.member, posting.fte, *added)
        except ValidationError as error:
            raise ValidationError({"end_date": error.message_dict["fte"]}) from None
    posting.end_date = end_date
    posting.full_clean(validate_constraints=False)
    posting.save(update_fields=["end_date", "updated_at"])
    return posting


def _check_posted(member: Member, team: Team, date: dt.date) -> None:
    """Duty time belongs to the team the member is posted to that day (DESIGN.md section 3,
    DutyRecord): time lent to another team or unit is recorded in the member's own team as an
    abstraction, never as dedicated time of the team that borrowed them."""
    if date is None or team is None:
        return  # full_clean names the missing field
    posted = Posting.objects.filter(member=member, team=team).active_on(date)
    if not posted.exists():
        raise ValidationError(
            {
                "team": f"{member} is not posted to {team} on {date:%d %B %Y}. Record time lent "
                "to another team in the member's own team, as an abstraction (e.g. other duty)."
            }
        )


def _lock_member_days(member: Member) -> None:
    """Take a row lock on the member until the transaction ends (SELECT ... FOR UPDATE), so two
    saves of the same member's time run one after the other and the second sees the first's
    hours: a day's records never pass 24 hours, even when two saves race (DESIGN.md section 3).
    Must be called inside the service's transaction, before the day total is read."""
    Member.objects.select_for_update().filter(pk=member.pk).values_list("pk", flat=True).get()


def _check_day_total(member: Member, date: dt.date, extra: Decimal, exclude_ids=()) -> None:
    logged = DutyRecord.objects.filter(member=member, date=date).exclude(
        pk__in=list(exclude_ids)
    ).aggregate(total=Sum("hours"))["total"] or Decimal("0")
    if logged + extra > MAX_HOURS_PER_DAY:
        raise ValidationError(
            {
                "hours": f"{member} would have {logged + extra} hours on {date:%d %B %Y}; "
                f"a day has at most {MAX_HOURS_PER_DAY} hours ({logged} already logged)."
            }
        )


def _build_record(*, member, team, date, hours, activity, paid_overtime, note) -> DutyRecord:
    refuse_implausible("date", date)  # a year like 9999 is a slip (issue 12 item 5)
    _check_same_force(member, team)
    _check_posted(member, team, date)
    record = DutyRecord(
        member=member,
        team=team,
        date=date,
        hours=_decimal(hours, "hours"),
        activity=activity,
        paid_overtime=bool(paid_overtime),
        note=note or "",
    )
    if record.hours <= 0 or record.hours > MAX_HOURS_PER_DAY:
        raise ValidationError({"hours": "Hours must be more than 0 and at most 24."})
    record.full_clean()
    return record


@transaction.atomic
def duty_record_create(
    *,
    member: Member,
    team: Team,
    date: dt.date,
    hours: Decimal | float | str,
    activity: str,
    paid_overtime: bool = False,
    note: str = "",
) -> DutyRecord:
    """Record hours of one activity on one day. Several records per day are normal (split
    shifts), but a member's day cannot add up to more than 24 hours (checked under a lock on
    the member, so racing saves cannot pass it). ``team`` must be a team the member is posted
    to on ``date`` (else a ValidationError naming ``team``)."""
    _lock_member_days(member)
    record = _build_record(
        member=member,
        team=team,
        date=date,
        hours=hours,
        activity=activity,
        paid_overtime=paid_overtime,
        note=note,
    )
    _check_day_total(member, date, record.hours)
    record.save()
    return record


@transaction.atomic
def duty_record_update(*, record: DutyRecord, **fields) -> DutyRecord:
    """Change a duty record's date, hours, activity, overtime flag, note or team. The record
    must stay in a team the member is posted to on its date (``team``), and the member's day
    within 24 hours (``hours``), checked under a lock on the member."""
    _lock_member_days(record.member)
    allowed = {"date", "hours", "activity", "paid_overtime", "note", "team"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in unknown})
    for name, value in fields.items():
        if name == "hours":
            value = _decimal(value, "hours")
        setattr(record, name, value)
    refuse_implausible("date", record.date)
    _check_same_force(record.member, record.team)
    _check_posted(record.member, record.team, record.date)
    if record.hours <= 0 or record.hours > MAX_HOURS_PER_DAY:
        raise ValidationError({"hours": "Hours must be more than 0 and at most 24."})
    record.full_clean()
    _check_day_total(record.member, record.date, record.hours, exclude_ids=[record.pk])
    record.save()
    return record


@transaction.atomic
def duty_record_delete(*, record: DutyRecord) -> None:
    """Delete a duty record (its history is kept)."""
    record.delete()


@transaction.atomic
def duty_day_replace(
    *, member: Member, team: Team, date: dt.date, entries: list[dict]
) -> list[DutyRecord]:
    """Replace a member's records in ``team`` on ``date`` with ``entries`` (the week grid).

    Each entry is a dict with ``activity``, ``hours`` and optional ``paid_overtime`` and
    ``note``. Either every entry is valid and the day is replaced, or nothing changes; an
    error names the field as ``entries[i].field``. The member must be posted to ``team`` on
    ``date`` (else an error naming ``team``), and the day stays within 24 hours, checked under
    a lock on the member.
    """
    _lock_member_days(member)
    _check_same_force(member, team)
    _check_posted(member, team, date)
    existing = list(DutyRecord.objects.filter(member=member, team=team, date=date))
    records = []
    for index, entry in enumerate(entries):
        try:
            records.append(
                _build_record(
                    member=member,
                    team=team,
                    date=date,
                    hours=entry.get("hours"),
                    activity=entry.get("activity"),
                    paid_overtime=entry.get("paid_overtime", False),
                    note=entry.get("note", ""),
                )
            )
        except ValidationError as error:
            raise ValidationError(
                {
                    f"entries[{index}].{name}": messages
                    for name, messages in error.message_dict.items()
                }
            ) from None
    total = sum((r.hours for r in records), Decimal("0"))
    _check_day_total(member, date, total, exclude_ids=[r.pk for r in existing])
    for record in existing:
        record.delete()
    for record in records:
        record.save()
    return records


def activity_choices() -> list[tuple[str, str]]:
    return list(Activity.choices)


# ---------------------------------------------------------------------------------------------
# Duty entry in bulk (issue 13): a week from a pattern, last week copied, a day for the whole
# team. Each goes through ``duty_day_replace`` day by day inside ONE transaction, so a refused
# day leaves the whole week as it was. A day that already has records in the team is never
# overwritten (it is counted as skipped), nor a day the member is not posted to the team
# (time lent elsewhere belongs to the member's own team, DESIGN.md section 3).

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _pattern(work: dict[str, tuple[str, str]]) -> list[list[dict]]:
    return [
        [{"activity": work[day][0], "hours": work[day][1]}] if day in work else []
        for day in WEEKDAYS
    ]


_PATROL = (Activity.PATROL, "8")
_REST = (Activity.REST_DAY, "8")
_LEAVE = (Activity.ANNUAL_LEAVE, "8")

# The named patterns of the week grid: {key: (label, seven days of entries, Monday first)}.
# A rest day is logged as 8 h of ``rest_day`` as the grid's quick entry has always done.
WEEK_PATTERNS: dict[str, tuple[str, list[list[dict]]]] = {
    "weekdays": (
        "5 × 8 h patrol, Monday to Friday; rest Saturday and Sunday",
        _pattern({d: _PATROL for d in WEEKDAYS[:5]} | {"sat": _REST, "sun": _REST}),
    ),
    "weekends": (
        "5 × 8 h patrol, Wednesday to Sunday; rest Monday and Tuesday",
        _pattern({"mon": _REST, "tue": _REST} | {d: _PATROL for d in WEEKDAYS[2:]}),
    ),
    "four_tens": (
        "4 × 10 h patrol, Monday to Thursday; rest Friday to Sunday",
        _pattern(
            {d: (Activity.PATROL, "10") for d in WEEKDAYS[:4]}
            | {"fri": _REST, "sat": _REST, "sun": _REST}
        ),
    ),
    "leave": (
        "Annual leave Monday to Friday; rest Saturday and Sunday",
        _pattern({d: _LEAVE for d in WEEKDAYS[:5]} | {"sat": _REST, "sun": _REST}),
    ),
}


@dataclass
class BulkResult:
    """What a bulk entry did: days written, days left alone because they already had records
    in the team, days left alone because the member was not posted to the team."""

    filled: list[tuple[Member, dt.date]] = field(default_factory=list)
    skipped_filled: list[tuple[Member, dt.date]] = field(default_factory=list)
    skipped_unposted: list[tuple[Member, dt.date]] = field(default_factory=list)


def _posted_days(*, members: list[Member], team: Team, start: dt.date, end: dt.date) -> set:
    """{(member id, date)} for every day of ``start..end`` each member is posted to ``team``."""
    postings = Posting.objects.filter(member__in=members, team=team).active_between(start, end)
    posted = set()
    for posting in postings:
        day = max(start, posting.start_date)
        last = min(end, posting.end_date or end)
        while day <= last:
            posted.add((posting.member_id, day))
            day += dt.timedelta(days=1)
    return posted


def _filled_days(*, members: list[Member], team: Team, start: dt.date, end: dt.date) -> set:
    return set(
        DutyRecord.objects.filter(member__in=members, team=team, date__range=(start, end))
        .values_list("member_id", "date")
        .distinct()
    )


def _write_days(*, team: Team, plan: list[tuple[Member, dt.date, list[dict]]]) -> BulkResult:
    """Write ``plan`` (member, date, entries) day by day; skip filled or unposted days. The
    caller holds the transaction. A refused day raises ``ValidationError`` naming the member
    and the day (under the key ``day``) and, as the caller's transaction rolls back, nothing
    is saved."""
    result = BulkResult()
    plan = [step for step in plan if step[2]]
    if not plan:
        return result
    members = list({m.pk: m for m, _d, _e in plan}.values())
    start, end = min(d for _m, d, _e in plan), max(d for _m, d, _e in plan)
    posted = _posted_days(members=members, team=team, start=start, end=end)
    filled = _filled_days(members=members, team=team, start=start, end=end)
    for member, date, entries in plan:
        if (member.pk, date) not in posted:
            result.skipped_unposted.append((member, date))
            continue
        if (member.pk, date) in filled:
            result.skipped_filled.append((member, date))
            continue
        try:
            duty_day_replace(member=member, team=team, date=date, entries=entries)
        except ValidationError as error:
            messages = [m for ms in error.message_dict.values() for m in ms]
            raise ValidationError(
                {"day": f"{member.name}, {date:%A} {date.day} {date:%B}: {' '.join(messages)}"}
            ) from None
        result.filled.append((member, date))
    return result


@transaction.atomic
def duty_week_fill(
    *, member: Member, team: Team, monday: dt.date, days: list[list[dict]]
) -> BulkResult:
    """Fill ``member``'s week in ``team`` from ``monday`` with ``days`` (seven lists of
    entries, Monday first, as in ``WEEK_PATTERNS``; an empty list leaves that day alone).
    Days that already have records in the team, or on which the member is not posted to it,
    are skipped and counted. All of the week or nothing: a refused day saves no day."""
    if monday.weekday() != 0:
        raise ValidationError({"week": "A week starts on a Monday."})
    if len(days) != 7:
        raise ValidationError({"days": "A week pattern has seven days."})
    plan = [(member, monday + dt.timedelta(days=i), entries) for i, entries in enumerate(days)]
    return _write_days(team=team, plan=plan)


@transaction.atomic
def duty_week_copy_previous(*, members: list[Member], team: Team, monday: dt.date) -> BulkResult:
    """Copy each of ``members``' records in ``team`` from the week before ``monday`` to the
    same weekday of this week (activity, hours, paid overtime, note). Days already filled this
    week, or not posted, are skipped and counted; days empty last week are left alone."""
    if monday.weekday() != 0:
        raise ValidationError({"week": "A week starts on a Monday."})
    last_monday = monday - dt.timedelta(days=7)
    records = DutyRecord.objects.filter(
        member__in=members, team=team, date__range=(last_monday, monday - dt.timedelta(days=1))
    ).order_by("member_id", "date", "id")
    by_day: dict[tuple[int, dt.date], list[dict]] = {}
    for record in records:
        by_day.setdefault((record.member_id, record.date + dt.timedelta(days=7)), []).append(
            {
                "activity": record.activity,
                "hours": record.hours,
                "paid_overtime": record.paid_overtime,
                "note": record.note,
            }
        )
    plan = [
        (
            member,
            monday + dt.timedelta(days=i),
            by_day.get((member.pk, monday + dt.timedelta(days=i)), []),
        )
        for member in sorted(members, key=lambda m: m.name)
        for i in range(7)
    ]
    return _write_days(team=team, plan=plan)


@transaction.atomic
def duty_day_fill_team(
    *, members: list[Member], team: Team, date: dt.date, activity: str, hours
) -> BulkResult:
    """Give every one of ``members`` posted to ``team`` on ``date`` the same ``hours`` of
    ``activity`` (a team briefing day, a public-order day). Members whose day already has
    records in the team are skipped and counted; nothing is saved if one day is refused."""
    plan = [
        (member, date, [{"activity": activity, "hours": hours}])
        for member in sorted(members, key=lambda m: m.name)
    ]
    return _write_days(team=team, plan=plan)


# ---------------------------------------------------------------------------------------------
# "The figures of these teams changed" (issue 13): the marker the dashboards compare with a
# snapshot's ``computed_at``.


class _TouchBatch:
    """The teams to mark when the current transaction commits, gathered from every write in it,
    so a bulk path (a week filled, a team day, an import) marks them with one UPDATE."""

    def __init__(self, using: str):
        self.using = using
        self.team_ids: set[int] = set()
        self.neighbourhood_ids: set[int] = set()
        self.neighbourhoods_of_team_ids: set[int] = set()
        self.member_ids: set[int] = set()
        self.force_ids: set[int] = set()
        self.bcu_ids: set[int] = set()

    def add(self, **ids) -> None:
        for name, values in ids.items():
            getattr(self, name).update(v for v in values if v is not None)

    def empty(self) -> bool:
        return not any(
            (
                self.team_ids,
                self.neighbourhood_ids,
                self.neighbourhoods_of_team_ids,
                self.member_ids,
                self.force_ids,
                self.bcu_ids,
            )
        )

    def flush(self) -> None:
        """Write the batch (the first of its on-commit callbacks to run does; the others find
        it empty and do nothing)."""
        if _local.__dict__.get("batch") is self:
            _local.batch = None
        if self.empty():
            return
        batch = _TouchBatch(self.using)
        batch.add(**{name: getattr(self, name) for name in vars(batch) if name != "using"})
        for name in vars(batch):
            if name != "using":
                getattr(self, name).clear()
        _team_figures_mark(batch)


_local = threading.local()


def _team_figures_mark(batch: _TouchBatch) -> int:
    """Set ``figures_changed_at`` to now on every team, BCU and force the batch reaches (never
    moving a marker backwards). The rows are locked in id order first, so two touches over
    overlapping teams (a force policy change and a meeting) wait for each other instead of
    deadlocking."""
    through = Team.neighbourhoods.through
    hoods = set(batch.neighbourhood_ids)
    reach = Q(pk__in=batch.team_ids) | Q(bcu__force_id__in=batch.force_ids)
    if batch.neighbourhoods_of_team_ids:
        # A team's panel held for all its neighbourhoods counts for each of them (DESIGN.md 4.4),
        # so it changes every team covering one of them.
        hoods_of_teams = through.objects.filter(team_id__in=batch.neighbourhoods_of_team_ids)
        reach |= Q(
            pk__in=through.objects.filter(
                neighbourhood_id__in=hoods_of_teams.values("neighbourhood_id")
            ).values("team_id")
        )
    if hoods:
        reach |= Q(pk__in=through.objects.filter(neighbourhood_id__in=hoods).values("team_id"))
    if batch.member_ids:
        reach |= Q(pk__in=Posting.objects.filter(member_id__in=batch.member_ids).values("team_id"))
    # A BCU's and a force's own marks: what their figures count but no team of theirs does (a
    # team moved away; a neighbourhood's priorities, meetings and contacts count in its BCU,
    # or in its force when it has none, whether or not a team covers it).
    bcus = Q(pk__in=batch.bcu_ids)
    forces = Q(pk__in=[])
    if hoods:
        bcus |= Q(pk__in=Neighbourhood.objects.filter(pk__in=hoods).values("bcu_id"))
        forces = Q(
            pk__in=Neighbourhood.objects.filter(pk__in=hoods, bcu__isnull=True).values("force_id")
        )
    now = timezone.now()
    marked = 0
    with transaction.atomic(using=batch.using):
        # Always teams, then BCUs, then forces: two touches lock in the same order.
        for model, cond in ((Team, reach), (BCU, bcus), (Force, forces)):
            ids = list(
                model.objects.using(batch.using)
                .filter(cond)
                .order_by("pk")
                .select_for_update()
                .values_list("pk", flat=True)
            )
            if not ids:
                continue
            marked += (
                model.objects.using(batch.using)
                .filter(pk__in=ids)
                .update(
                    figures_changed_at=Greatest(
                        Coalesce(F("figures_changed_at"), Value(now)), Value(now)
                    )
                )
            )
    return marked


def team_figures_touch(
    *,
    team_ids: Iterable[int] = (),
    neighbourhood_ids: Iterable[int] = (),
    neighbourhoods_of_team_ids: Iterable[int] = (),
    member_ids: Iterable[int] = (),
    force_ids: Iterable[int] = (),
    bcu_ids: Iterable[int] = (),
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Mark as changed, once the current transaction commits, the figures of: ``team_ids``;
    every team covering one of ``neighbourhood_ids``; every team covering a neighbourhood of
    one of ``neighbourhoods_of_team_ids`` (a team's meeting held for all its neighbourhoods);
    every team ``member_ids`` are posted to; every team of ``force_ids`` (a policy change);
    the BCUs ``bcu_ids`` themselves (a team or neighbourhood moved out of one). A touched
    neighbourhood also marks its BCU (or its force, when it has no BCU), covered or not.

    Promise: after the writing transaction commits, each such team's ``figures_changed_at`` is
    at or after the commit, so a snapshot that may have missed the write (its ``computed_at``
    is before the commit) is older than the marker. All the touches of one transaction are
    written together by ONE locked UPDATE after the commit (a bulk path costs one statement; a
    rolled-back transaction marks nothing). Outside a transaction the UPDATE runs at once. A
    failure of the UPDATE is logged, not raised: the data is already saved, and the worst case
    is that the dashboards show that day's snapshot of the teams, as before issue 13.

    Who calls it: the receivers in ``dashboards.signals`` on every save and delete of the
    models the metrics read, so pages, the API, the admin, the importers and the shell are all
    covered; code that writes with ``QuerySet.update``, ``bulk_create`` or raw SQL (which send
    no signals) must call it itself.
    """
    ids = {
        "team_ids": team_ids,
        "neighbourhood_ids": neighbourhood_ids,
        "neighbourhoods_of_team_ids": neighbourhoods_of_team_ids,
        "member_ids": member_ids,
        "force_ids": force_ids,
        "bcu_ids": bcu_ids,
    }
    connection = connections[using]
    if not connection.in_atomic_block:
        batch = _TouchBatch(using)
        batch.add(**ids)
        try:
            _team_figures_mark(batch)
        except DatabaseError:
            logger.exception("Could not mark the teams' figures as changed")
        return
    batch = _local.__dict__.get("batch")
    pending = [func for _sids, func, _robust in connection.run_on_commit]
    if batch is None or batch.using != using or batch.flush not in pending:
        # First touch of this transaction (or the last batch was committed or rolled back).
        batch = _local.batch = _TouchBatch(using)
    batch.add(**ids)
    # One callback per touch, all flushing the same batch: the first to run writes it in one
    # UPDATE, the others find it empty (so it is written whichever of them runs first).
    transaction.on_commit(batch.flush, using=using, robust=True)
