"""Abstraction rate, DESIGN.md section 4.1.

A dedicated neighbourhood officer's activities are patrol, engagement, neighbourhood-related
work and neighbourhood training, and "rest day or annual leave"; "any activity that is not
included in this list is an abstraction (unless undertaken as paid overtime)"
(seeds/004_9fc604fdf3343b13.txt lines 21140-21178). Rest days and annual leave are dedicated
time when ``Force.leave_is_dedicated`` is set (the seed's reading, lines 21165-21168), otherwise
left out of both sides (duty time only); sickness is an abstraction when
``Force.sickness_is_abstraction`` is set, otherwise left out of both sides. Paid-overtime
records are left out of both sides.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import F, FilteredRelation, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncWeek

from teams.models import (
    ABSTRACTION_ACTIVITIES,
    DEDICATED_ACTIVITIES,
    OFF_ACTIVITIES,
    SICKNESS_ACTIVITIES,
    Activity,
    DutyRecord,
    Posting,
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

# The classes of DESIGN.md 4.1 as SQL conditions. Sickness and leave follow the policy of the
# force of the record's team, so one query serves scopes in forces with different settings.
ABSTRACTED = Q(activity__in=sorted(ABSTRACTION_ACTIVITIES)) | Q(
    activity__in=sorted(SICKNESS_ACTIVITIES), team__bcu__force__sickness_is_abstraction=True
)
DEDICATED = Q(activity__in=sorted(DEDICATED_ACTIVITIES)) | Q(
    activity__in=sorted(OFF_ACTIVITIES), team__bcu__force__leave_is_dedicated=True
)
WORKING = DEDICATED | ABSTRACTED
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


def _role_on_the_day():
    """The member's posting role on the record's date: the posting in the record's team (the
    services require one, DESIGN.md section 3), else - for a record saved before that rule - the
    member's posting that day in whichever team it is (the largest FTE first). COALESCE runs the
    subquery only for a record without a posting in its own team, so the common case stays a
    join. A record whose member had no posting at all that day has no role and is left out of
    the split by role (it still counts in the totals)."""
    elsewhere = (
        Posting.objects.filter(member_id=OuterRef("member_id"))
        .filter(posting_active_on_q(OuterRef("date")))
        .order_by("-fte", "id")
        .values("role")[:1]
    )
    return Coalesce(F("posting__role"), Subquery(elsewhere))


def _fine_rows(records, keys: list[str]):
    """Hours of ``records`` grouped by ``keys``, activity, paid overtime and posting role, with
    the working and abstracted hours of each group: ONE scan of the duty rows, from which the
    totals, the split by activity and the split by role are all added up (each is a sum of
    hours, so adding the groups' sums gives exactly the figure a GROUP BY of its own would).
    The activity classes stay SQL conditions (the sickness policy is per record's force)."""
    return (
        records.annotate(posting=_posting())
        .values(*keys, "activity", "paid_overtime", role=_role_on_the_day())
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
        if row["role"] is None:  # no posting at all that day (data older than the rule)
            continue
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
            # Same order as an ORDER BY activity / ORDER BY role.
            by_activity = {a: num(h) for a, h in sorted(acc["by_activity"].items())}
            by_role = {
                role: _figures(working, abstracted)
                for role, (working, abstracted) in sorted(acc["by_role"].items())
            }
        figures = _figures(acc["working"], acc["abstracted"], scope["abstraction_limit"])
        # The share of working time on patrol ("% time spent on patrol", seeds/004 lines
        # 21195-21200): patrol hours over the hours on duty, i.e. the working hours without the
        # rest days and leave that the seed's reading counts as dedicated (they are not time
        # anyone could spend on patrol). Paid overtime is on neither side, as in the rate.
        leave = sum((by_activity.get(a, 0.0) for a in sorted(OFF_ACTIVITIES)), 0.0)
        on_duty = num(acc["working"]) - (leave if scope["leave_is_dedicated"] else 0.0)
        out[scope_id] = {
            **figures,
            "patrol_hours": by_activity.get(Activity.PATROL, 0.0),
            "on_duty_hours": on_duty,
            "patrol_share": ratio(by_activity.get(Activity.PATROL, 0.0), on_duty),
            "by_activity": by_activity,
            "by_role": by_role,
            "paid_overtime_hours": num(acc["overtime"]),
            "sickness_is_abstraction": scope["sickness_is_abstraction"],
            "leave_is_dedicated": scope["leave_is_dedicated"],
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
