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

from django.db import connection, transaction
from django.db.models import (
    F,
    IntegerField,
    Q,
    Sum,
)
from django.db.models.functions import Cast, TruncWeek

from teams.models import (
    ABSTRACTION_ACTIVITIES,
    DEDICATED_ACTIVITIES,
    OFF_ACTIVITIES,
    SICKNESS_ACTIVITIES,
    Activity,
    DutyRecord,
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


def _fine_rows(records, keys: list[str]):
    """Hours of ``records`` grouped by ``keys``, activity, paid overtime and posting role, with
    the working and abstracted hours of each group: ONE scan of the duty rows, from which the
    totals, the split by activity and the split by role are all added up (each is a sum of
    hours, so adding the groups' sums gives exactly the figure a GROUP BY of its own would).
    The activity classes stay SQL conditions (the sickness policy is per record's force).
    The role is the record's ``posting_role``, kept by the database (DESIGN.md 4.1: the member's
    posting role on that date; the rule is in migration teams 0011): a plain column to group by,
    where resolving a posting per record at query time took most of a BCU-year's time."""
    return (
        records.values(*keys, "activity", "paid_overtime", role=F("posting_role"))
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


def _new_acc() -> dict:
    """An empty accumulator of the one pass: sums in hundredths of an hour (ints)."""
    return {"working": 0, "abstracted": 0, "overtime": 0, "by_activity": {}, "by_role": {}}


def _hours(cents: int) -> Decimal:
    """Hundredths of an hour as exact hours (``hours`` has two decimal places)."""
    return Decimal(cents).scaleb(-2)


def _acc_hours(acc: dict) -> dict:
    """An accumulator of the one pass (hundredths) as ``_add_up`` builds it (Decimal hours)."""
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


def _week_mondays(end: dt.date, weeks: int) -> list[dt.date]:
    last_monday = end - dt.timedelta(days=end.weekday())
    return [last_monday - dt.timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


def abstraction_one_pass(
    *,
    units: list[tuple[str, object, dict]],
    periods: list[tuple[dt.date, dt.date]],
    trend_ends: list[dt.date] | tuple = (),
    weeks: int = 12,
) -> tuple[dict, dict]:
    """The abstraction figures of every unit over every period, and (for ``trend_ends``) the
    weekly figures of the 12-week trends, from ONE scan of the duty rows (the nightly job).

    ``units`` are ``(level, ids, scopes)`` with level team, bcu or force, ``ids`` as for the
    many-scopes selectors (None: every scope) and ``scopes`` the ``scope_policies`` of those
    ids. Returns ``(figures, weekly)``: ``figures[(unit index, start, end)]`` is exactly what
    ``abstraction_rate_many(level, ids, start, end)`` returns and ``weekly[(unit index, end)]``
    exactly what ``abstraction_weekly(level, ids, monday of the first week, end)`` returns.

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

    # Which days are read: the periods, and each trend's weeks up to its end.
    windows = list(periods) + [(_week_mondays(end, weeks)[0], end) for end in trend_ends]
    in_windows = Q()
    for start, end in windows:
        in_windows |= Q(date__range=(start, end))
    records = DutyRecord.objects.filter(in_windows)
    if narrow:
        records = records.filter(team_id__in=sorted(teams))
    # Hours as hundredths (hours has two decimal places): integer sums cost the aggregate
    # less than numeric ones (about a fifth of the statement on the Met-size force) and are
    # as exact.
    inner = records.values(
        "team_id",
        "activity",
        "paid_overtime",
        "date",
        role=F("posting_role"),
        cents=Cast(F("hours") * 100, IntegerField()),
    )
    inner_sql, inner_params = inner.order_by().query.sql_with_params()
    params: list = []
    sums = []
    for start, end in periods:
        sums.append("SUM(r.cents) FILTER (WHERE r.date BETWEEN %s AND %s)")
        params += [start, end]
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
    for first, last in slots:
        sums.append("SUM(r.cents) FILTER (WHERE NOT r.paid_overtime AND r.date BETWEEN %s AND %s)")
        params += [first, last]
    sql = f"""
        SELECT r.team_id, r.activity, r.paid_overtime, r.role, {", ".join(sums)}
        FROM ({inner_sql}) AS r
        GROUP BY r.team_id, r.activity, r.paid_overtime, r.role
    """
    all_params = [*params, *inner_params]
    with transaction.atomic(), connection.cursor() as cursor:
        # One statement over a million rows: JIT compilation costs more than it saves here
        # (about 2 s of a 6 s run on the Met-size force, measured with EXPLAIN ANALYZE). With
        # the role a plain column the planner estimates the groups (41,580 for 19,993) and
        # aggregates in parallel workers (a parallel seq scan, a partial hash aggregate per
        # worker of 18 MB, then the final one); enough work_mem keeps each in memory. The old
        # enable_sort = off (against a sort on disk of a misestimated role expression) is gone
        # (EXPLAIN ANALYZE on the Met-size force, issue 14: the fastest of the settings tried).
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"SET LOCAL work_mem = '{ONE_PASS_WORK_MEM}'")
        cursor.execute(sql, all_params)
        found = cursor.fetchall()

    n = len(periods)
    zero = 0
    # Per period: {team id: accumulator} in hundredths of an hour (_acc_hours makes it what
    # _add_up builds).
    team_accs: list[dict[int, dict]] = [{} for _ in periods]
    # Per slot: {team id: [working, abstracted]} (a team with any record in the slot).
    team_slots: list[dict[int, list]] = [{} for _ in slots]
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
        if overtime:
            continue
        for j, hours in enumerate(values[n:]):
            if hours is None:
                continue
            pair = team_slots[j].get(team_id)
            if pair is None:
                pair = team_slots[j][team_id] = [zero, zero]
            if working:
                pair[0] += hours
            if abstracted:
                pair[1] += hours
    # Per trend end: {team id: {monday: [working, abstracted]}}.
    team_weeks: list[dict[int, dict]] = [{} for _ in trend_ends]
    for (k, monday), j in slot_of.items():
        for team_id, pair in team_slots[j].items():
            team_weeks[k].setdefault(team_id, {})[monday] = pair

    figures: dict = {}
    weekly: dict = {}
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
                    monday: _figures(_hours(working), _hours(abstracted))
                    for monday, (working, abstracted) in sorted(into.items())
                }
                for scope_id, into in by_scope.items()
            }
    return figures, weekly


def _empty_results(units, periods, trend_ends) -> tuple[dict, dict]:
    figures = {
        (u, start, end): _assemble(scopes, {})
        for u, (_level, _ids, scopes) in enumerate(units)
        for start, end in periods
    }
    weekly = {(u, end): {} for u in range(len(units)) for end in trend_ends}
    return figures, weekly
