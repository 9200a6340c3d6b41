"""Abstraction rate, DESIGN.md section 4.1.

A dedicated neighbourhood officer's activities are patrol, engagement, neighbourhood-related
work and neighbourhood training; "any activity that is not included in this list is an
abstraction (unless undertaken as paid overtime)" (seeds/004_9fc604fdf3343b13.txt lines
21140-21178). Rest days and leave are not working time; sickness is an abstraction when
``Force.sickness_is_abstraction`` is set, otherwise not working time. Paid-overtime records are
left out of both sides.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, FilteredRelation, Q, Sum
from django.db.models.functions import TruncWeek

from teams.models import (
    ABSTRACTION_ACTIVITIES,
    DEDICATED_ACTIVITIES,
    SICKNESS_ACTIVITIES,
    DutyRecord,
)

from .common import check_level, filter_ids, num, one_scope, ratio, require, scope_policies

# Where a duty record's scope id is, per level: records are scoped by their own team (its BCU,
# its force) or by the member.
DUTY_KEYS = {
    "member": "member_id",
    "team": "team_id",
    "bcu": "team__bcu_id",
    "force": "team__bcu__force_id",
}

# The classes of DESIGN.md 4.1 as SQL conditions. Sickness follows the policy of the force of
# the record's team, so one query serves scopes in forces with different settings.
ABSTRACTED = Q(activity__in=sorted(ABSTRACTION_ACTIVITIES)) | Q(
    activity__in=sorted(SICKNESS_ACTIVITIES), team__bcu__force__sickness_is_abstraction=True
)
WORKING = Q(activity__in=sorted(DEDICATED_ACTIVITIES)) | ABSTRACTED
NOT_OVERTIME = Q(paid_overtime=False)

WORKING_HOURS = Sum("hours", filter=WORKING)
ABSTRACTED_HOURS = Sum("hours", filter=ABSTRACTED)


def _figures(working, abstracted, limit: float | None = None) -> dict:
    working, abstracted = num(working), num(abstracted)
    rate = ratio(abstracted, working)
    out = {
        "working_hours": working,
        "abstracted_hours": abstracted,
        "rate": rate,
        "protected_rate": None if rate is None else 1 - rate,
    }
    if limit is not None:
        out["limit"] = limit
        out["breach"] = rate is not None and rate > limit
    return out


def _posting():
    """The posting of the record's member in the record's team active on the record's date, as
    a LEFT JOIN (null when there is none). The exclusion constraint allows one posting per
    member and team at a time, so the join never duplicates a record. A join, not a subquery
    per record: over a force-quarter (600,000 records) that is the difference between seconds
    and a fraction of one (measured by ``manage.py bench``)."""
    on = "member__postings__"
    return FilteredRelation(
        "member__postings",
        condition=Q(**{f"{on}team_id": F("team_id"), f"{on}start_date__lte": F("date")})
        & (Q(**{f"{on}end_date__isnull": True}) | Q(**{f"{on}end_date__gte": F("date")})),
    )


def abstraction_rate_many(
    *, level: str, ids, scopes: dict | None = None, start: dt.date, end: dt.date
) -> dict[int, dict]:
    """{scope id: abstraction figures} for every scope of ``level`` in ``ids``.

    Four queries whatever the number of scopes: the scopes and their force policy, totals,
    hours by activity, figures by posting role (each one GROUP BY).
    """
    check_level(level, DUTY_KEYS)
    key = DUTY_KEYS[level]
    scopes = scope_policies(level, ids) if scopes is None else scopes
    records = filter_ids(DutyRecord.objects.filter(date__range=(start, end)), key, ids)
    counted = records.filter(NOT_OVERTIME)

    totals = {
        row[key]: row
        for row in records.values(key)
        .annotate(
            working=Sum("hours", filter=WORKING & NOT_OVERTIME),
            abstracted=Sum("hours", filter=ABSTRACTED & NOT_OVERTIME),
            overtime=Sum("hours", filter=Q(paid_overtime=True)),
        )
        .order_by()
    }
    by_activity: dict[int, dict] = {}
    for row in counted.values(key, "activity").annotate(h=Sum("hours")).order_by("activity"):
        by_activity.setdefault(row[key], {})[row["activity"]] = num(row["h"])
    by_role: dict[int, dict] = {}
    role_rows = (
        counted.annotate(posting=_posting())
        .values(key, role=F("posting__role"))
        .annotate(working=WORKING_HOURS, abstracted=ABSTRACTED_HOURS)
        .order_by("role")
    )
    for row in role_rows:
        # A record whose member had no posting in that team that day is reported as "unposted".
        by_role.setdefault(row[key], {})[row["role"] or "unposted"] = _figures(
            row["working"], row["abstracted"]
        )

    out = {}
    for scope_id, scope in scopes.items():
        total = totals.get(scope_id, {})
        figures = _figures(
            total.get("working"), total.get("abstracted"), scope["abstraction_limit"]
        )
        out[scope_id] = {
            **figures,
            "by_activity": by_activity.get(scope_id, {}),
            "by_role": by_role.get(scope_id, {}),
            "paid_overtime_hours": num(total.get("overtime")),
            "sickness_is_abstraction": scope["sickness_is_abstraction"],
        }
    return out


def abstraction_rate(
    *,
    start: dt.date,
    end: dt.date,
    member_id: int | None = None,
    team_id: int | None = None,
    bcu_id: int | None = None,
    force_id: int | None = None,
) -> dict:
    """Abstraction figures (DESIGN.md 4.1) for exactly one scope over ``start..end`` inclusive:
    working_hours, abstracted_hours, rate (None when no working hours), protected_rate, limit,
    breach, by_activity {activity: hours}, by_role {role: {working_hours, abstracted_hours,
    rate, protected_rate}}. Raises UnknownScope for an id that does not exist."""
    level, scope_id = one_scope(
        member_id=member_id, team_id=team_id, bcu_id=bcu_id, force_id=force_id
    )
    return require(
        level, scope_id, abstraction_rate_many(level=level, ids=[scope_id], start=start, end=end)
    )


def abstraction_weekly(
    *, level: str, ids, start: dt.date, end: dt.date
) -> dict[int, dict[dt.date, dict]]:
    """{scope id: {Monday of the week: figures}} for the weeks in ``start..end``; one query.
    Weeks with no records are absent (the caller shows a gap, not a zero)."""
    check_level(level, DUTY_KEYS)
    key = DUTY_KEYS[level]
    records = filter_ids(
        DutyRecord.objects.filter(NOT_OVERTIME, date__range=(start, end)), key, ids
    )
    out: dict[int, dict] = {}
    rows = (
        records.annotate(week=TruncWeek("date"))
        .values(key, "week")
        .annotate(working=WORKING_HOURS, abstracted=ABSTRACTED_HOURS)
        .order_by("week")
    )
    for row in rows:
        week = row["week"]
        week = week.date() if isinstance(week, dt.datetime) else week
        out.setdefault(row[key], {})[week] = _figures(row["working"], row["abstracted"])
    return out
