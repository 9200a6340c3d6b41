"""Writes for force structure, postings and duty time.

Every service is atomic, validates with ``full_clean()`` and raises
``django.core.exceptions.ValidationError`` with a dict naming the field, so nothing is
half-saved and callers (pages, API, imports) can show the message beside the field.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from .models import Activity, DutyRecord, Member, Posting, Team

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
    an overlapping posting is refused with a message naming ``start_date``.
    """
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
    """End a posting on ``end_date`` (the last day in post)."""
    if end_date < posting.start_date:
        raise ValidationError({"end_date": "A posting cannot end before it starts."})
    posting.end_date = end_date
    posting.full_clean(validate_constraints=False)
    posting.save(update_fields=["end_date", "updated_at"])
    return posting


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
    _check_same_force(member, team)
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
    shifts), but a member's day cannot add up to more than 24 hours."""
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
    """Change a duty record's date, hours, activity, overtime flag or note."""
    allowed = {"date", "hours", "activity", "paid_overtime", "note", "team"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in unknown})
    for name, value in fields.items():
        if name == "hours":
            value = _decimal(value, "hours")
        setattr(record, name, value)
    _check_same_force(record.member, record.team)
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
    error names the field as ``entries[i].field``.
    """
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
