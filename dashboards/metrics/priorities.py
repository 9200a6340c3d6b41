"""Priority ageing, DESIGN.md 4.3.

"Review priorities at least every three months" (seeds/004_9fc604fdf3343b13.txt lines
23158-23160; "between monthly and quarterly intervals is normally sufficient", lines 986-994):
``Force.priority_review_days`` (default 90).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce

from priorities.models import Priority, PriorityReview, ReviewKind
from priorities.selectors import priority_open_on
from teams.models import Neighbourhood

from .common import (
    NEIGHBOURHOOD_KEYS,
    DateMinusDays,
    DaysBetween,
    FloorDays,
    Median,
    check_level,
    date_value,
    filter_ids,
    one_scope,
    require,
    scope_policies,
)
from .rag import REVIEW_AMBER_FRACTION
from .rollup import ScopeTree, add_up

# Buckets of age_days = as_of - date_set: 30 is in 0-30, 31 in 31-90, 180 in 91-180.
BUCKETS = (("0-30", 0, 30), ("31-90", 31, 90), ("91-180", 91, 180), ("181+", 181, None))
# Where a Neighbourhood row's own scope id is, per level.
NEIGHBOURHOOD_SELF_KEYS = {
    "neighbourhood": "id",
    "team": "teams",
    "bcu": "bcu_id",
    "force": "force_id",
}


# Priorities open on a day: written once, in the priorities app (the lists use it too).
open_on = priority_open_on


def bucket_conditions(day: dt.date) -> dict[str, Q]:
    """The age buckets as conditions on date_set (age = day - date_set), no arithmetic in SQL."""
    out = {}
    for name, low, high in BUCKETS:
        cond = Q(date_set__lte=day - dt.timedelta(days=low))
        if high is not None:
            cond &= Q(date_set__gte=day - dt.timedelta(days=high))
        out[name] = cond
    return out


def review_due_soon(as_of: dt.date) -> Q:
    """The amber band of a priority's review (``rag.REVIEW_AMBER_FRACTION``): not overdue, but
    the last formal review is older than that fraction of the force's interval (more than 81
    days with the default 90). Needs ``Priority.objects.with_review_status(as_of)``."""
    days = FloorDays(F("neighbourhood__force__priority_review_days"), REVIEW_AMBER_FRACTION)
    return Q(review_overdue=False, last_review__lt=DateMinusDays(date_value(as_of), days))


def priority_ageing_rows(
    *, level: str, ids, as_of: dt.date, median: bool = True
) -> dict[int, dict]:
    """{scope id: {"open", "bucket_<name>", "overdue", "due_soon", "median_age", "total",
    "fresh_count"}}: counts of the priorities open on ``as_of`` (by age bucket, review overdue,
    review due soon), their median age, and counts of the scope's neighbourhoods (all; up to
    date, see below); two queries. Everything but the median adds up over a scope's
    neighbourhoods (``rollup``); the median needs the ages (``priority_ages_levels``), so
    ``median=False`` leaves it out (and its sort per scope)."""
    check_level(level, NEIGHBOURHOOD_KEYS)
    key = NEIGHBOURHOOD_KEYS[level]
    priorities = (
        filter_ids(Priority.objects.filter(open_on(as_of)), key, ids)
        .with_review_status(as_of)
        .annotate(age=DaysBetween(date_value(as_of), F("date_set")))
    )
    aggregates = {
        f"bucket_{name}": Count("id", filter=cond)
        for name, cond in bucket_conditions(as_of).items()
    }
    rows = {
        row.pop(key): row
        for row in priorities.values(key)
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(review_overdue=True)),
            due_soon=Count("id", filter=review_due_soon(as_of)),
            **({"median_age": Median("age")} if median else {}),
            **aggregates,
        )
        .order_by()
    }

    # A neighbourhood is up to date with a priority set, or given a formal review, in the last
    # priority_review_days days (on or after as_of - days, so never "overdue" by the rule above).
    window_start = DateMinusDays(date_value(as_of), OuterRef("force__priority_review_days"))
    # Published only: the Guarantee's measure is priorities "published and kept up to date", so
    # a priority kept off the public page, or a review not published, does not count.
    recent_set = Priority.objects.filter(
        neighbourhood_id=OuterRef("pk"),
        public=True,
        date_set__lte=as_of,
        date_set__gte=window_start,
    )
    recent_review = PriorityReview.objects.filter(
        priority__neighbourhood_id=OuterRef("pk"),
        priority__public=True,
        public=True,
        kind=ReviewKind.REVIEW,
        date__lte=as_of,
        date__gte=window_start,
    )
    self_key = NEIGHBOURHOOD_SELF_KEYS[level]
    hoods = filter_ids(Neighbourhood.objects.all(), self_key, ids).annotate(
        fresh=Exists(recent_set) | Exists(recent_review)
    )
    for row in (
        hoods.values(self_key)
        .annotate(
            total=Count("id", distinct=True),
            fresh_count=Count("id", filter=Q(fresh=True), distinct=True),
        )
        .order_by()
    ):
        rows.setdefault(row.pop(self_key), {}).update(row)
    return rows


def priority_ageing_figures(row: dict, scope: dict) -> dict:
    """The figures of one scope from its row of ``priority_ageing_rows``."""
    total = row.get("total", 0)
    return {
        "open": row.get("open", 0),
        "buckets": {name: row.get(f"bucket_{name}", 0) for name, _, _ in BUCKETS},
        "review_overdue": row.get("overdue", 0),
        "review_due_soon": row.get("due_soon", 0),
        "median_age_days": row.get("median_age"),
        "neighbourhoods": total,
        "neighbourhoods_up_to_date": row.get("fresh_count", 0),
        "neighbourhoods_up_to_date_pct": (
            100.0 * row.get("fresh_count", 0) / total if total else None
        ),
        "review_days": scope["priority_review_days"],
    }


def priority_ageing_many(
    *, level: str, ids, scopes: dict | None = None, as_of: dt.date
) -> dict[int, dict]:
    """{scope id: ageing figures} for every scope of ``level`` (neighbourhood, team, bcu,
    force). Three queries: the scopes, one GROUP BY over the open priorities, one over the
    neighbourhoods for ``neighbourhoods_up_to_date_pct``."""
    check_level(level, NEIGHBOURHOOD_KEYS)
    scopes = scope_policies(level, ids) if scopes is None else scopes
    rows = priority_ageing_rows(level=level, ids=ids, as_of=as_of)
    return {sid: priority_ageing_figures(rows.get(sid, {}), scope) for sid, scope in scopes.items()}


def priority_ageing(
    *,
    as_of: dt.date,
    team_id: int | None = None,
    bcu_id: int | None = None,
    force_id: int | None = None,
) -> dict:
    """Priority ageing (DESIGN.md 4.3) for exactly one scope on ``as_of``: open, buckets
    {"0-30", "31-90", "91-180", "181+"}, review_overdue, median_age_days (None with no open
    priority), neighbourhoods_up_to_date_pct (None with no neighbourhood)."""
    level, scope_id = one_scope(team_id=team_id, bcu_id=bcu_id, force_id=force_id)
    return require(level, scope_id, priority_ageing_many(level=level, ids=[scope_id], as_of=as_of))


def priority_ageing_trend(*, level: str, ids, days: list[dt.date]) -> dict[int, list[dict]]:
    """{scope id: [{as_of, open, buckets, median_age_days} for each day]}: the open priorities'
    ages on each of ``days`` (e.g. the last 12 week ends), in one query: the scope's priorities
    LEFT JOIN a VALUES list of the days on which each is open, GROUP BY (scope, day). A scope
    with priorities set by the last day but none open on a day gets zeros for it."""
    if not days:
        check_level(level, NEIGHBOURHOOD_KEYS)
        return {}
    return priority_ageing_trends(level=level, ids=ids, day_lists=[days])[0]


def priority_ageing_trends(
    *, level: str, ids, day_lists: list[list[dt.date]]
) -> list[dict[int, list[dict]]]:
    """``[priority_ageing_trend(level, ids, days) for days in day_lists]`` in ONE query over
    the union of the days (the nightly job's trends to each period end): a scope is in the
    result for a list when it has a priority set by that list's last day."""
    check_level(level, NEIGHBOURHOOD_KEYS)
    key = NEIGHBOURHOOD_KEYS[level]
    all_days = sorted({day for days in day_lists for day in days})
    if not all_days:
        return [{} for _ in day_lists]
    priorities = filter_ids(Priority.objects.filter(date_set__lte=max(all_days)), key, ids)
    inner_sql, inner_params = (
        priorities.values(scope=F(key), set_on=F("date_set"), closed=F("closed_on"))
        .order_by()
        .query.sql_with_params()
    )
    values = ", ".join(["(%s, %s::date)"] * len(all_days))
    value_params = [p for i, day in enumerate(all_days) for p in (i, day)]
    # Age = day - date_set in whole days; the buckets as in BUCKETS (30 in 0-30, 31 in 31-90).
    buckets_sql = []
    for _name, low, high in BUCKETS:
        cond = f"(d.day - p.set_on) >= {int(low)}"
        if high is not None:
            cond += f" AND (d.day - p.set_on) <= {int(high)}"
        buckets_sql.append(f"COUNT(*) FILTER (WHERE {cond})")
    sql = f"""
        SELECT p.scope, d.i, MIN(p.set_on), COUNT(d.i),
               PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY d.day - p.set_on),
               {", ".join(buckets_sql)}
        FROM ({inner_sql}) AS p
        LEFT JOIN (VALUES {values}) AS d(i, day)
          ON p.set_on <= d.day AND (p.closed IS NULL OR p.closed > d.day)
        GROUP BY p.scope, d.i
    """
    first_set: dict[int, dt.date] = {}
    by_day: dict[int, dict[int, dict]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*inner_params, *value_params])
        for scope, i, set_on, count, median, *bucket_counts in cursor.fetchall():
            first_set[scope] = min(set_on, first_set.get(scope, set_on))
            if i is None:  # priorities of the scope open on none of the days
                continue
            by_day.setdefault(scope, {})[i] = {
                "open": count,
                "buckets": {
                    name: n for (name, _, _), n in zip(BUCKETS, bucket_counts, strict=True)
                },
                "median_age_days": median,
            }
    index = {day: i for i, day in enumerate(all_days)}
    out = []
    for days in day_lists:
        found: dict[int, list[dict]] = {}
        if days:
            last = max(days)
            for scope, first in first_set.items():
                if first > last:  # nothing set by this list's last day: absent
                    continue
                opened = by_day.get(scope, {})
                found[scope] = [
                    {
                        "as_of": day,
                        **opened.get(
                            index[day],
                            {
                                "open": 0,
                                "buckets": {name: 0 for name, _, _ in BUCKETS},
                                "median_age_days": None,
                            },
                        ),
                    }
                    for day in days
                ]
        out.append(found)
    return out


# ---------------------------------------------------------------------------------------------
# Every level at once, for the nightly job (issue 14; ``rollup`` says why it adds up from
# neighbourhoods). A median does not add up, so the ages come from the priorities themselves:
# one query reads every priority of the job's neighbourhoods (its neighbourhood, date set and
# closed), and each scope's open priorities on a day are those of its neighbourhoods with
# date_set <= day < closed_on (``open_on``); their median is PostgreSQL's PERCENTILE_CONT(0.5)
# (the mean of the middle two for an even count, ``common.Median``), worked out the same way.


# No priority open: the ages of a day, as ``_ages_on`` gives them.
_NO_AGES = (0, *(0 for _ in BUCKETS), None)


_BUCKET_NAMES = tuple(name for name, _low, _high in BUCKETS)


def ages_figures(ages: tuple | list, as_of: dt.date | None = None) -> dict:
    """``{"open", "buckets", "median_age_days"}`` from an ``_ages_on`` tuple (after ``as_of``
    first when given: a trend's week), or from the list it is stored as in a trend snapshot."""
    figures = {} if as_of is None else {"as_of": as_of}
    figures["open"] = ages[0]
    figures["buckets"] = dict(zip(_BUCKET_NAMES, ages[1:-1], strict=True))
    figures["median_age_days"] = ages[-1]
    return figures


def _ages_on(opened: list[int], day: int) -> tuple:
    """(open count, the BUCKETS' counts..., median age) on ``day`` (an ordinal) of the open
    priorities whose date_set ordinals are ``opened`` (ascending, so their ages descending).
    A flat tuple: thousands of them are kept, and the garbage collector leaves those alone."""
    n = len(opened)
    if not n:
        return _NO_AGES
    # PERCENTILE_CONT(0.5) over the ages ascending: rows (n-1)//2 and n//2, interpolated
    # halfway as PostgreSQL does (lo + 0.5 * (hi - lo) in double precision).
    lo = day - opened[n - 1 - (n - 1) // 2]
    hi = day - opened[n - 1 - n // 2]
    counts = [
        # age in low..high <=> date_set in day-high..day-low
        bisect.bisect_right(opened, day - low)
        - (0 if high is None else bisect.bisect_left(opened, day - high))
        for _name, low, high in BUCKETS
    ]
    return (n, *counts, float(lo) + 0.5 * (hi - lo))


def priority_ages_levels(
    *, tree: ScopeTree, units: list[tuple[str, object, dict]], days: list[dt.date]
) -> list[dict[int, tuple[dt.date, dict[dt.date, dict]]]]:
    """For each unit (level, ids, scopes) of ``tree``: {scope id: (first date_set, {day: ages
    (``_ages_on``)})} of the priorities of the scope's neighbourhoods set by the
    last of ``days``, on each of ``days``; a scope with none is absent. One query; the open
    priorities of each neighbourhood on each day are listed once and merged per scope."""
    if not days:
        return [{} for _ in units]
    priorities = filter_ids(
        Priority.objects.filter(date_set__lte=max(days)), "neighbourhood_id", tree.hood_ids
    )
    # Dates as Python's ordinals (day 1 = 1 January of year 1), computed in PostgreSQL: integers
    # load several times faster than dates. Never closed: after every day.
    epoch = date_value(dt.date(1, 1, 1))
    never = dt.date.max.toordinal() + 1
    found = priorities.annotate(
        set_n=DaysBetween(F("date_set"), epoch) + 1,
        closed_n=Coalesce(DaysBetween(F("closed_on"), epoch) + 1, never),
    ).values_list("neighbourhood_id", "set_n", "closed_n")
    by_hood: dict[int, list[tuple[int, int]]] = {}
    sql, params = found.order_by().query.sql_with_params()
    with connection.cursor() as cursor:  # plain rows: no per-row converters
        cursor.execute(sql, params)
        for hood, set_on, closed in cursor.fetchall():
            by_hood.setdefault(hood, []).append((set_on, closed))
    ordinals = [(day, day.toordinal()) for day in sorted(set(days))]
    numbers = [n for _day, n in ordinals]
    # {neighbourhood: (first date_set, [date_set ordinals of those open on each day])}: a
    # priority is open on the days from its date_set (included) to its closed_on (excluded).
    open_by_hood = {}
    for hood, pairs in by_hood.items():
        pairs.sort()
        opened: list[list[int]] = [[] for _ in numbers]
        for set_on, closed in pairs:
            for i in range(
                bisect.bisect_left(numbers, set_on), bisect.bisect_left(numbers, closed)
            ):
                opened[i].append(set_on)
        open_by_hood[hood] = (pairs[0][0], opened)
    out = []
    for level, _ids, scopes in units:
        found = {}
        parts_of = tree.hoods[level]
        for sid in scopes:
            parts = [open_by_hood[h] for h in parts_of.get(sid, ()) if h in open_by_hood]
            if not parts:
                continue
            on = {}
            for i, (day, n) in enumerate(ordinals):
                if len(parts) == 1:
                    opened = parts[0][1][i]
                else:  # ascending runs, which sorted() merges
                    opened = sorted(itertools.chain.from_iterable(part[1][i] for part in parts))
                on[day] = _ages_on(opened, n)
            first = min(part[0] for part in parts)
            found[sid] = (dt.date.fromordinal(first), on)
        out.append(found)
    return out


def priority_ageing_trends_levels(
    *, ages: list[dict], day_lists: list[list[dt.date]]
) -> list[list[dict[int, list[tuple]]]]:
    """For each unit, ``priority_ageing_trends(level, ids, day_lists)`` from its
    ``priority_ages_levels`` (which must cover every day of ``day_lists``), each day's ages as
    the tuple ``_ages_on`` gives (``ages_figures`` turns one into the figures): the nightly job
    stores them so (``dashboards.selectors.trend_stored``), and makes no dict for them."""
    out = []
    for found in ages:
        per_list = []
        for days in day_lists:
            trend: dict[int, list[tuple]] = {}
            if days:
                last = max(days)
                for sid, (first, on) in found.items():
                    if first <= last:
                        trend[sid] = [on[day] for day in days]
            per_list.append(trend)
        out.append(per_list)
    return out


def priority_ageing_levels(
    *, tree: ScopeTree, units: list[tuple[str, object, dict]], as_of: dt.date, ages: list[dict]
) -> list[dict[int, dict]]:
    """For each unit (level, ids, scopes): ``priority_ageing_many(level, ids, scopes, as_of)``,
    from the neighbourhoods' rows (``priority_ageing_rows``, two queries) added up per scope
    and the medians from ``ages`` (``priority_ages_levels`` covering ``as_of``)."""
    hood_rows = priority_ageing_rows(
        level="neighbourhood", ids=tree.hood_ids, as_of=as_of, median=False
    )
    out = []
    for (level, _ids, scopes), found in zip(units, ages, strict=True):
        added = add_up(hood_rows, tree.hoods[level], scopes)
        for sid, row in added.items():
            if sid in found:
                row["median_age"] = found[sid][1][as_of][-1]
        out.append(
            {
                sid: priority_ageing_figures(added.get(sid, {}), scope)
                for sid, scope in scopes.items()
            }
        )
    return out
