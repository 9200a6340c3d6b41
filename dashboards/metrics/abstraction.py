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
from decimal import Decimal

from django.db.models import F, FilteredRelation, Q, Sum
from django.db.models.functions import TruncWeek

from teams.models import (
    ABSTRACTION_ACTIVITIES,
    DEDICATED_ACTIVITIES,
    SICKNESS_ACTIVITIES,
    DutyRecord,
    posting_active_on_q,
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
    return FilteredRelation(
        "member__postings",
        condition=Q(member__postings__team_id=F("team_id"))
        & posting_active_on_q(F("date"), prefix="member__postings__"),
    )


def _fine_rows(records, keys: list[str]):
    """Hours of ``records`` grouped by ``keys``, activity, paid overtime and posting role, with
    the working and abstracted hours of each group: ONE scan of the duty rows, from which the
    totals, the split by activity and the split by role are all added up (each is a sum of
    hours, so adding the groups' sums gives exactly the figure a GROUP BY of its own would).
    The activity classes stay SQL conditions (the sickness policy is per record's force)."""
    return (
        records.annotate(posting=_posting())
        .values(*keys, "activity", "paid_overtime", role=F("posting__role"))
        .annotate(h=Sum("hours"), working=WORKING_HOURS, abstracted=ABSTRACTED_HOURS)
        .order_by()
    )


def _add_up(rows, key: str) -> dict[object, dict]:
    """{scope id: {"working", "abstracted", "overtime", "by_activity", "by_role"}} from the
    groups of ``_fine_rows``: sums of hours (Decimal, exact), never averages of rates."""
    zero = Decimal(0)
    out: dict[object, dict] = {}
    for row in rows:
        acc = out.get(row[key])
        if acc is None:
            acc = out[row[key]] = {
                "working": zero,
                "abstracted": zero,
                "overtime": zero,
                "by_activity": {},
                "by_role": {},
            }
        hours = row["h"] or zero
        if row["paid_overtime"]:
            acc["overtime"] += hours
            continue
        working, abstracted = row["working"] or zero, row["abstracted"] or zero
        acc["working"] += working
        acc["abstracted"] += abstracted
        acc["by_activity"][row["activity"]] = acc["by_activity"].get(row["activity"], zero) + hours
        # A record whose member had no posting in that team that day is reported as "unposted".
        role = acc["by_role"].setdefault(row["role"], [zero, zero])
        role[0] += working
        role[1] += abstracted
    return out


def _assemble(scopes: dict, sums: dict) -> dict[int, dict]:
    out = {}
    for scope_id, scope in scopes.items():
        acc = sums.get(scope_id)
        if acc is None:
            acc = {"working": None, "abstracted": None, "overtime": None}
            by_activity, by_role = {}, {}
        else:
            # Same order as an ORDER BY activity / ORDER BY role (NULL, i.e. unposted, last).
            by_activity = {a: num(h) for a, h in sorted(acc["by_activity"].items())}
            roles = sorted(acc["by_role"].items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
            by_role = {
                (role or "unposted"): _figures(working, abstracted)
                for role, (working, abstracted) in roles
            }
        figures = _figures(acc["working"], acc["abstracted"], scope["abstraction_limit"])
        out[scope_id] = {
            **figures,
            "by_activity": by_activity,
            "by_role": by_role,
            "paid_overtime_hours": num(acc["overtime"]),
            "sickness_is_abstraction": scope["sickness_is_abstraction"],
        }
    return out


def abstraction_rate_many(
    *, level: str, ids, scopes: dict | None = None, start: dt.date, end: dt.date
) -> dict[int, dict]:
    """{scope id: abstraction figures} for every scope of ``level`` in ``ids``.

    Two queries whatever the number of scopes: the scopes and their force policy, and one
    GROUP BY (scope, activity, paid overtime, posting role) from which totals, hours by activity
    and figures by posting role are added up.
    """
    check_level(level, DUTY_KEYS)
    key = DUTY_KEYS[level]
    scopes = scope_policies(level, ids) if scopes is None else scopes
    records = filter_ids(DutyRecord.objects.filter(date__range=(start, end)), key, ids)
    return _assemble(scopes, _add_up(_fine_rows(records, [key]), key))


def abstraction_rate_levels(
    *, levels, start: dt.date, end: dt.date, scopes: dict | None = None
) -> dict[str, dict[int, dict]]:
    """{level: {scope id: figures}} for every scope of each of ``levels`` (team, bcu, force),
    the same figures as ``abstraction_rate_many(level=..., ids=None)``, from ONE scan of the
    period's duty rows grouped by team (with its BCU and force): the BCU and force figures are
    the teams' hours added up (DESIGN.md section 4: aggregates add up the underlying hours).
    Queries: that one, plus one per level for the scopes unless ``scopes`` {level: scopes}
    is given. Used by the nightly snapshot job."""
    levels = list(levels)
    for level in levels:
        check_level(level, ("team", "bcu", "force"))
    keys = [DUTY_KEYS[level] for level in levels]
    rows = list(_fine_rows(DutyRecord.objects.filter(date__range=(start, end)), keys))
    out = {}
    for level, key in zip(levels, keys, strict=True):
        level_scopes = (scopes or {}).get(level)
        if level_scopes is None:
            level_scopes = scope_policies(level, None)
        out[level] = _assemble(level_scopes, _add_up(rows, key))
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
