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
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import NullIf, TruncWeek

from teams.models import (
    ABSTRACTION_ACTIVITIES,
    DEDICATED_ACTIVITIES,
    OFF_ACTIVITIES,
    SICKNESS_ACTIVITIES,
    Activity,
    DutyRecord,
    DutyWeek,
    Team,
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


def hours_figures(working, abstracted, limit: float | None = None) -> dict:
    """The abstraction figures of ``working`` and ``abstracted`` hours (DESIGN.md 4.1): both
    as floats, the rate (None with no working hours) and the protected rate; the force's
    ``limit`` and whether the rate breaches it when given."""
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


def _week_parts(start: dt.date, end: dt.date) -> tuple[tuple | None, list[tuple]]:
    """How ``start..end`` is read (issue 14): its whole weeks (Monday to Sunday) from the
    weekly sums (``DutyWeek``), as (first Monday, last Monday) or None when it holds no whole
    week, and the days outside them (at most two runs: at its start and at its end) from the
    duty records, as a list of (first day, last day)."""
    first = start + dt.timedelta(days=-start.weekday() % 7)
    last = end - dt.timedelta(days=end.weekday() + (0 if end.weekday() == 6 else 7))
    if first > last:
        return None, [(start, end)]
    days = []
    if start < first:
        days.append((start, first - dt.timedelta(days=1)))
    if last + dt.timedelta(days=6) < end:
        days.append((last + dt.timedelta(days=7), end))
    return (first, last), days


def _duty_sources(*, key: str, ids, start: dt.date, end: dt.date, where: Q | None = None):
    """The querysets whose rows add up to the duty hours of ``start..end`` for the scopes
    ``ids`` of ``key`` (a DUTY_KEYS value; ids None: all), narrowed by ``where``: the whole
    weeks' sums (``DutyWeek``, about a quarter of the rows; kept by the database) and the
    records of the days outside them. A member's figures need the records (the weekly sums are
    per team). Every figure of DESIGN.md 4.1 is a sum of hours, so the two add up exactly."""
    where = where or Q()
    if key == DUTY_KEYS["member"]:
        return [filter_ids(DutyRecord.objects.filter(where, date__range=(start, end)), key, ids)]
    weeks, days = _week_parts(start, end)
    sources = []
    if weeks:
        sources.append(filter_ids(DutyWeek.objects.filter(where, week__range=weeks), key, ids))
    if days:
        in_days = Q()
        for first, last in days:
            in_days |= Q(date__range=(first, last))
        sources.append(filter_ids(DutyRecord.objects.filter(where, in_days), key, ids))
    return sources


def _union_all(querysets: list):
    """The rows of ``querysets`` (alike values querysets, one per source) from ONE query."""
    first, *others = querysets
    return first.union(*others, all=True) if others else first


def _role(records):
    """The posting role to group ``records`` by: the records' own (null: no posting that
    day), or the weekly sums' ('' for that null, so that their key is unique) as null."""
    if records.model is DutyWeek:
        return NullIf(F("posting_role"), Value(""))
    return F("posting_role")


def _fine_rows(records, keys: list[str]):
    """Hours of ``records`` (duty records or weekly sums, ``_duty_sources``) grouped by
    ``keys``, activity, paid overtime and posting role, with the working and abstracted hours
    of each group: from which the totals, the split by activity and the split by role are all
    added up (each is a sum of hours, so adding the groups' sums gives exactly the figure a
    GROUP BY of its own would). The activity classes stay SQL conditions (the sickness policy
    is per record's force). The role is the record's ``posting_role``, kept by the database
    (DESIGN.md 4.1: the member's posting role on that date; the rule is in migration teams
    0011): a plain column to group by, where resolving a posting per record at query time took
    most of a BCU-year's time."""
    return (
        records.values(*keys, "activity", "paid_overtime", role=_role(records))
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
                role: hours_figures(working, abstracted)
                for role, (working, abstracted) in sorted(acc["by_role"].items())
            }
        figures = hours_figures(acc["working"], acc["abstracted"], scope["abstraction_limit"])
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

    Two queries whatever the number of scopes and however the period falls on the weeks: the
    scopes and their force policy, and a GROUP BY (scope, activity, paid overtime, posting
    role) of each source of ``_duty_sources`` (the whole weeks' sums, the days at the ends) in
    one UNION ALL, from which totals, hours by activity and figures by posting role are added
    up.
    """
    check_level(level, DUTY_KEYS)
    key = DUTY_KEYS[level]
    scopes = scope_policies(level, ids) if scopes is None else scopes
    sources = _duty_sources(key=key, ids=ids, start=start, end=end)
    rows = _union_all([_fine_rows(records, [key]) for records in sources])
    return _assemble(scopes, _add_up(rows, key))


def abstraction_rate_levels(
    *, levels, start: dt.date, end: dt.date, scopes: dict | None = None
) -> dict[str, dict[int, dict]]:
    """{level: {scope id: figures}} for every scope of each of ``levels`` (team, bcu, force),
    the same figures as ``abstraction_rate_many(level=..., ids=None)``, from ONE scan of the
    period's duty rows grouped by team (with its BCU and force): the BCU and force figures are
    the teams' hours added up (DESIGN.md section 4: aggregates add up the underlying hours).
    Queries: one (``_duty_sources``: whole weeks and the days at the ends, in one UNION ALL),
    plus one per level for the scopes unless ``scopes`` {level: scopes} is given."""
    levels = list(levels)
    for level in levels:
        check_level(level, ("team", "bcu", "force"))
    keys = [DUTY_KEYS[level] for level in levels]
    sources = _duty_sources(key=DUTY_KEYS["team"], ids=None, start=start, end=end)
    rows = list(_union_all([_fine_rows(records, keys) for records in sources]))
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
    """{scope id: {Monday of the week: figures}} for the weeks in ``start..end``; one query
    (``_duty_sources``: the whole weeks' sums and the days of the weeks cut by ``start`` or
    ``end``, in one UNION ALL). Weeks with no records are absent (the caller shows a gap, not
    a zero)."""
    check_level(level, DUTY_KEYS)
    key = DUTY_KEYS[level]
    sums: dict[int, dict[dt.date, list]] = {}
    sources = _duty_sources(key=key, ids=ids, start=start, end=end, where=NOT_OVERTIME)
    rows = _union_all(
        [
            records.values(
                key, monday=F("week") if records.model is DutyWeek else TruncWeek("date")
            )
            .annotate(working=WORKING_HOURS, abstracted=ABSTRACTED_HOURS)
            .order_by()
            for records in sources
        ]
    )
    for row in rows:
        monday = row["monday"]
        monday = monday.date() if isinstance(monday, dt.datetime) else monday
        pair = sums.setdefault(row[key], {}).setdefault(monday, [None, None])
        for i, hours in enumerate((row["working"], row["abstracted"])):
            if hours is not None:
                pair[i] = hours if pair[i] is None else pair[i] + hours
    return {
        scope_id: {
            monday: hours_figures(working, abstracted)
            for monday, (working, abstracted) in sorted(weeks.items())
        }
        for scope_id, weeks in sums.items()
    }


# --- the nightly job's one pass ------------------------------------------------------------

# The activity classes as plain strings, for classifying the one pass's groups in Python
# exactly as ABSTRACTED / DEDICATED classify rows in SQL (DESIGN.md 4.1, seeds/004 lines
# 21140-21178).
_ABSTRACTION = frozenset(str(getattr(a, "value", a)) for a in ABSTRACTION_ACTIVITIES)
_SICKNESS = frozenset(str(getattr(a, "value", a)) for a in SICKNESS_ACTIVITIES)
_DEDICATED = frozenset(str(getattr(a, "value", a)) for a in DEDICATED_ACTIVITIES)
_OFF = frozenset(str(getattr(a, "value", a)) for a in OFF_ACTIVITIES)
# Memory for the one pass's hash tables (SET LOCAL, that statement only): the groups of a
# Met-size force (630 teams: about 20,000 groups of 24 integer sums) take 18 MB per worker.
ONE_PASS_WORK_MEM = "64MB"
_ROLL_UP_KEYS = {"team": "id", "bcu": "bcu_id", "force": "force_id"}


def _classes(activity: str, team: dict) -> tuple[bool, bool]:
    """(working, abstracted) for a record of ``activity`` in ``team`` under its force's
    policy: the Python twin of the WORKING and ABSTRACTED conditions."""
    abstracted = activity in _ABSTRACTION or (activity in _SICKNESS and team["sick"])
    working = abstracted or activity in _DEDICATED or (activity in _OFF and team["leave"])
    return working, abstracted


def _class_sums(team: dict, dedicated, off, abstraction, sickness) -> tuple[int, int]:
    """(working, abstracted) hundredths of an hour from the sums of the four classes (None:
    no such record) under the policy of ``team``'s force: ``_classes`` added up."""
    abstracted = (abstraction or 0) + ((sickness or 0) if team["sick"] else 0)
    working = abstracted + (dedicated or 0) + ((off or 0) if team["leave"] else 0)
    return working, abstracted


def _new_acc() -> dict:
    """An empty accumulator of the one pass: sums in hundredths of an hour (ints)."""
    return {"working": 0, "abstracted": 0, "overtime": 0, "by_activity": {}, "by_role": {}}


def _hours(cents: int) -> float:
    """Hundredths of an hour (``hours`` has two decimal places) as the hours the figures show:
    a float, which every figure becomes (``num``). ``cents / 100`` is the float nearest the
    exact hours, as ``float(Decimal(cents) / 100)`` is (both round once, correctly), so the
    figures are those of the Decimal sums of the live selectors, at a fraction of the cost."""
    return cents / 100


def _acc_hours(acc: dict) -> dict:
    """An accumulator of the one pass (hundredths) as ``_add_up`` builds it (hours as floats,
    where ``_add_up`` has Decimals: ``_assemble`` makes both floats alike)."""
    return {
        "working": _hours(acc["working"]),
        "abstracted": _hours(acc["abstracted"]),
        "overtime": _hours(acc["overtime"]),
        "by_activity": {a: _hours(h) for a, h in acc["by_activity"].items()},
        "by_role": {r: [_hours(w), _hours(a)] for r, (w, a) in acc["by_role"].items()},
    }


def _merge(into: dict, acc: dict) -> None:
    """Add the sums of ``acc`` (an ``_add_up`` accumulator) into ``into``."""
    for name in ("working", "abstracted", "overtime"):
        into[name] += acc[name]
    for activity, hours in acc["by_activity"].items():
        into["by_activity"][activity] = into["by_activity"].get(activity, 0) + hours
    for role, (working, abstracted) in acc["by_role"].items():
        pair = into["by_role"].setdefault(role, [0, 0])
        pair[0] += working
        pair[1] += abstracted


def _hours_source(parts: list[tuple], team_ids: list[int] | None) -> tuple[str, list]:
    """A FROM item (SQL, params) of the duty hours that ``parts`` (``_week_parts`` results)
    need: the weekly sums of their whole weeks (r.wk true, r.d the Monday) and the duty records
    of their other days (r.wk false, r.d the date), with team_id, activity, paid_overtime,
    role (null: no posting) and cents (hundredths of an hour: integer sums cost the aggregate
    less than numeric ones and are as exact); ``team_ids`` None: every team."""
    weeks = [full for full, _days in parts if full]
    days = [pair for _full, runs in parts for pair in runs]
    branches, params = [], []
    for table, day, role, is_week, ranges in (
        (DutyWeek._meta.db_table, "week", "NULLIF(s.posting_role, '')", "TRUE", weeks),
        (DutyRecord._meta.db_table, "date", "s.posting_role", "FALSE", days),
    ):
        if not ranges:
            continue
        merged = _merged(ranges)
        where = " OR ".join(f"s.{day} BETWEEN %s AND %s" for _pair in merged)
        params += [d for pair in merged for d in pair]
        if team_ids is not None:
            where = f"({where}) AND s.team_id = ANY(%s)"
            params.append(team_ids)
        branches.append(
            f"SELECT s.team_id, s.activity, s.paid_overtime, {role} AS role, s.{day} AS d,"
            f" {is_week} AS wk, (s.hours * 100)::int AS cents FROM {table} s WHERE {where}"
        )
    return f"({' UNION ALL '.join(branches)})", params


def _merged(ranges: list[tuple]) -> list[tuple]:
    """Date ranges (first, last), overlapping or touching ones merged, in order."""
    out: list[list] = []
    for first, last in sorted(ranges):
        if out and first <= out[-1][1] + dt.timedelta(days=1):
            out[-1][1] = max(out[-1][1], last)
        else:
            out.append([first, last])
    return [tuple(pair) for pair in out]


def _week_mondays(end: dt.date, weeks: int) -> list[dt.date]:
    last_monday = end - dt.timedelta(days=end.weekday())
    return [last_monday - dt.timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


def abstraction_one_pass(
    *,
    units: list[tuple[str, object, dict]],
    periods: list[tuple[dt.date, dt.date]],
    trend_ends: list[dt.date] | tuple = (),
    weeks: int = 12,
    on_weekly: Callable[[dict], None] | None = None,
) -> tuple[dict, dict]:
    """The abstraction figures of every unit over every period, and (for ``trend_ends``) the
    weekly figures of the 12-week trends, from ONE scan of the duty rows (the nightly job).

    ``units`` are ``(level, ids, scopes)`` with level team, bcu or force, ``ids`` as for the
    many-scopes selectors (None: every scope) and ``scopes`` the ``scope_policies`` of those
    ids. Returns ``(figures, weekly)``: ``figures[(unit index, start, end)]`` is exactly what
    ``abstraction_rate_many(level, ids, start, end)`` returns and ``weekly[(unit index, end)]``
    {scope id: {Monday: (working hours, abstracted hours)}}, the two numbers of each week's
    figures in ``abstraction_weekly(level, ids, monday of the first week, end)`` (the trend
    snapshots keep those two only, ``selectors.trend_stored``).
    ``on_weekly(weekly)``, if given, is called as soon as the weekly figures are known, before
    the periods' statement runs.

    Two queries whatever the number of units, scopes and periods: the teams concerned (with
    their BCU, force and force policy), and one statement over the rows of every period:
    GROUP BY (team, activity, paid overtime, posting role) with a conditional sum per period
    and per trend week (the role is the record's stored ``posting_role``; GROUPING SETS were
    tried and are slower: PostgreSQL does not aggregate them in parallel). The BCU and force
    figures are their teams' hours added up (DESIGN.md section 4: aggregates add up the hours),
    and the activity classes are applied to each group with the team's force policy."""
    for level, _ids, _scopes in units:
        check_level(level, _ROLL_UP_KEYS)
    periods = sorted(set(periods))
    trend_ends = sorted(set(trend_ends))
    if not units or not (periods or trend_ends):
        return {}, {}

    # The teams concerned: all, or those of the listed teams, BCUs and forces.
    teams_qs = Team.objects.all()
    if all(ids is not None for _level, ids, _scopes in units):
        cond = Q(pk__in=[])
        for level, _ids, scopes in units:
            path = {"team": "pk", "bcu": "bcu_id", "force": "bcu__force_id"}[level]
            cond |= Q(**{f"{path}__in": list(scopes)})
        teams_qs = teams_qs.filter(cond)
        narrow = True
    else:
        narrow = False
    teams = {
        t["id"]: t
        for t in teams_qs.values(
            "id",
            "bcu_id",
            force_id=F("bcu__force_id"),
            sick=F("bcu__force__sickness_is_abstraction"),
            leave=F("bcu__force__leave_is_dedicated"),
        ).order_by()
    }
    if not teams:
        return _empty_results(units, periods, trend_ends)

    # The trends' weeks as slots (Monday, last day): a week cut by a trend's end is its own
    # slot. Overtime is left out of the weekly figures (abstraction_weekly: NOT_OVERTIME).
    slots: list[tuple[dt.date, dt.date]] = []
    slot_of: dict[tuple[int, dt.date], int] = {}
    for k, end in enumerate(trend_ends):
        for monday in _week_mondays(end, weeks):
            slot = (monday, min(monday + dt.timedelta(days=6), end))
            if slot not in slots:
                slots.append(slot)
            slot_of[(k, monday)] = slots.index(slot)
    narrow_to = sorted(teams) if narrow else None

    # 1. The periods: per (team, activity, paid overtime, role), one sum per period, each of
    # exactly its own parts (_week_parts), so a day read for one period is never counted in
    # another whose whole week it lies in.
    params: list = []
    parts = [_week_parts(start, end) for start, end in periods]
    sums = []
    for full, days in parts:
        terms = []
        if full:
            terms.append("(r.wk AND r.d BETWEEN %s AND %s)")
            params.extend(full)
        for first, last in days:
            terms.append("(NOT r.wk AND r.d BETWEEN %s AND %s)")
            params.extend((first, last))
        sums.append(f"SUM(r.cents) FILTER (WHERE {' OR '.join(terms)})")
    source, source_params = _hours_source(parts, narrow_to)
    period_sql = f"""
        SELECT r.team_id, r.activity, r.paid_overtime, r.role, {", ".join(sums)}
        FROM {source} AS r
        GROUP BY r.team_id, r.activity, r.paid_overtime, r.role
    """
    # 2. The trends: per (team, whole week or day of a cut week), the hours without overtime
    # of each of the four activity classes whose counting depends on the force policy or not
    # (DESIGN.md 4.1): dedicated, off (leave, rest days: dedicated where the force says so),
    # abstraction, sickness (an abstraction where the force says so), so about 20,000 rows
    # come back, not one per activity. The team's policy is applied to the four sums here
    # (``_class_sums``), which spares the statement a join of every row to its team, BCU and
    # force (a third of its time over the 43 forces, EXPLAIN ANALYZE).
    slot_parts = [_week_parts(first, last) for first, last in slots]
    slot_source, slot_params = _hours_source(slot_parts, narrow_to)
    trend_sql = f"""
        SELECT r.team_id, r.wk, r.d, SUM(r.cents) FILTER (WHERE r.activity = ANY(%s)),
               SUM(r.cents) FILTER (WHERE r.activity = ANY(%s)),
               SUM(r.cents) FILTER (WHERE r.activity = ANY(%s)),
               SUM(r.cents) FILTER (WHERE r.activity = ANY(%s))
        FROM {slot_source} AS r
        WHERE NOT r.paid_overtime
        GROUP BY r.team_id, r.wk, r.d
    """
    trend_params = [
        sorted(_DEDICATED),
        sorted(_OFF),
        sorted(_ABSTRACTION),
        sorted(_SICKNESS),
        *slot_params,
    ]
    zero = 0

    def weekly_figures(trend_found) -> dict:
        """{(unit index, trend end): {scope id: {Monday: (working, abstracted hours)}}} from
        the trends' rows."""
        # Per slot: {team id: [working, abstracted]} (a team with any record in the slot): a whole
        # week's row goes to the slot of that whole week, a day's to each cut slot holding it.
        whole = {first: j for j, (first, last) in enumerate(slots) if (last - first).days == 6}
        cut = [(j, first, last) for j, (first, last) in enumerate(slots) if (last - first).days < 6]
        team_slots: list[dict[int, list]] = [{} for _ in slots]
        for team_id, is_week, day, *sums in trend_found:
            team = teams.get(team_id)
            if team is None:
                continue
            working, abstracted = _class_sums(team, *sums)
            targets = [whole[day]] if is_week else [j for j, a, b in cut if a <= day <= b]
            for j in targets:
                pair = team_slots[j].get(team_id)
                if pair is None:
                    pair = team_slots[j][team_id] = [zero, zero]
                pair[0] += working
                pair[1] += abstracted
        # Per trend end: {team id: {monday: [working, abstracted]}}.
        team_weeks: list[dict[int, dict]] = [{} for _ in trend_ends]
        for (k, monday), j in slot_of.items():
            for team_id, pair in team_slots[j].items():
                team_weeks[k].setdefault(team_id, {})[monday] = pair
        weekly: dict = {}
        for u, (level, _ids, scopes) in enumerate(units):
            key = _ROLL_UP_KEYS[level]
            for k, end in enumerate(trend_ends):
                by_scope: dict[int, dict] = {}
                for team_id, team_week in team_weeks[k].items():
                    scope_id = teams[team_id][key]
                    if scope_id not in scopes:
                        continue
                    into = by_scope.setdefault(scope_id, {})
                    for monday, (working, abstracted) in team_week.items():
                        pair = into.setdefault(monday, [zero, zero])
                        pair[0] += working
                        pair[1] += abstracted
                weekly[(u, end)] = {
                    scope_id: {
                        monday: (_hours(working), _hours(abstracted))
                        for monday, (working, abstracted) in sorted(into.items())
                    }
                    for scope_id, into in by_scope.items()
                }
        return weekly

    with transaction.atomic(), connection.cursor() as cursor:
        # Statements over a few hundred thousand rows: JIT compilation costs more than it saves
        # here (measured with EXPLAIN ANALYZE on the Met-size force); enough work_mem keeps the
        # hash tables in memory. The trends first, handed to ``on_weekly`` before the periods'
        # scan (the nightly job writes them meanwhile).
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"SET LOCAL work_mem = '{ONE_PASS_WORK_MEM}'")
        trend_found = []
        if slots:
            cursor.execute(trend_sql, trend_params)
            trend_found = cursor.fetchall()
        weekly = weekly_figures(trend_found)
        if on_weekly:
            on_weekly(weekly)
        found = []
        if periods:
            cursor.execute(period_sql, [*params, *source_params])
            found = cursor.fetchall()

    n = len(periods)
    # Per period: {team id: accumulator} in hundredths of an hour (_acc_hours makes it what
    # _add_up builds).
    team_accs: list[dict[int, dict]] = [{} for _ in periods]
    for team_id, activity, overtime, role, *values in found:
        team = teams.get(team_id)
        if team is None:
            continue
        working, abstracted = _classes(activity, team)
        for i in range(n):
            hours = values[i]
            if hours is None:
                continue
            acc = team_accs[i].get(team_id)
            if acc is None:
                acc = team_accs[i][team_id] = _new_acc()
            if overtime:
                acc["overtime"] += hours
                continue
            w = hours if working else zero
            a = hours if abstracted else zero
            acc["working"] += w
            acc["abstracted"] += a
            acc["by_activity"][activity] = acc["by_activity"].get(activity, zero) + hours
            if role is None:  # no posting at all that day (data older than the rule)
                continue
            pair = acc["by_role"].setdefault(role, [zero, zero])
            pair[0] += w
            pair[1] += a
    figures: dict = {}
    for u, (level, _ids, scopes) in enumerate(units):
        key = _ROLL_UP_KEYS[level]
        for i, (start, end) in enumerate(periods):
            if level == "team":
                sums_by_scope = team_accs[i]
            else:
                sums_by_scope = {}
                for team_id, acc in team_accs[i].items():
                    scope_id = teams[team_id][key]
                    if scope_id in scopes:
                        into = sums_by_scope.get(scope_id)
                        if into is None:
                            into = sums_by_scope[scope_id] = _new_acc()
                        _merge(into, acc)
            figures[(u, start, end)] = _assemble(
                scopes, {sid: _acc_hours(acc) for sid, acc in sums_by_scope.items()}
            )
    return figures, weekly


def _empty_results(units, periods, trend_ends) -> tuple[dict, dict]:
    figures = {
        (u, start, end): _assemble(scopes, {})
        for u, (_level, _ids, scopes) in enumerate(units)
        for start, end in periods
    }
    weekly = {(u, end): {} for u in range(len(units)) for end in trend_ends}
    return figures, weekly
