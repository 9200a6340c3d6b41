"""Every metric but abstraction for every team, BCU and force of the nightly job at once
(issue 14). The many-scopes selectors ask PostgreSQL once per level; here each metric's finest
figures (per neighbourhood, or per team for the postings) are computed once per day or period
and added up into each level (``rollup``, which says why that is exact and what does not add
up). The results are those of the many-scopes selectors, figure for figure
(tests/dashboards/test_snapshot_set_based.py checks every metric, level and period)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from . import engagement, inspection_figures, priorities, problem_solving, supervision
from .rollup import MAX, MIN, ROLLUP_LEVELS, ScopeTree, add_up, scope_tree

Unit = tuple[str, object, dict]  # (level, ids, scopes from scope_policies)

# Metrics whose figures are a sum over the scope's neighbourhoods ("hoods") or teams: the
# rows function at the finest level, how the rows combine, the figures of a scope's row.
_ADDED_UP: dict[str, tuple[str, Callable, dict, Callable]] = {
    "supervision": ("teams", supervision.supervision_rows, {}, supervision.supervision_figures),
    "staffing": ("teams", supervision.staffing_rows, {}, supervision.staffing_figures),
    "meeting_cadence": (
        "hoods",
        engagement.meeting_cadence_rows,
        {"latest": MAX, "stalest": MIN},
        engagement.meeting_cadence_figures,
    ),
    "named_officer_coverage": (
        "hoods",
        engagement.named_officer_coverage_rows,
        {},
        engagement.named_officer_coverage_figures,
    ),
    "problem_solving": (
        "hoods",
        problem_solving.problem_solving_rows,
        {},
        problem_solving.problem_solving_figures,
    ),
    "priorities_per_neighbourhood": (
        "hoods",
        inspection_figures.priorities_per_neighbourhood_rows,
        {},
        inspection_figures.priorities_per_neighbourhood_figures,
    ),
    "priorities_with_plan": (
        "hoods",
        inspection_figures.priorities_with_plan_rows,
        {},
        inspection_figures.priorities_with_plan_figures,
    ),
    "plans_assessed": (
        "hoods",
        inspection_figures.plans_assessed_rows,
        {},
        inspection_figures.plans_assessed_figures,
    ),
}
# Period metrics among those handled here; the others are as of a day (start == end).
_PERIOD = {"contact_responsiveness", "plan_quality"}
LEVELS_METRICS = frozenset({*_ADDED_UP, "priority_ageing", *_PERIOD})


def _finest_level(parts: str) -> str:
    return "team" if parts == "teams" else "neighbourhood"


def metrics_levels(
    *,
    units: list[Unit],
    wanted: list[tuple[str, dt.date, dt.date]],
    trend_day_lists: list[list[dt.date]] | None = None,
    now: dt.datetime | None = None,
    on_trends: Callable[[list[list[dict]]], None] | None = None,
) -> tuple[dict[tuple[str, dt.date, dt.date], list[dict[int, dict]]], list[list[dict]]]:
    """For team/BCU/force ``units`` (level, ids, scopes) and ``wanted`` (metric, start, end)
    of LEVELS_METRICS (a point metric as of ``end``), returns ``(values, trends)``:
    ``values[(metric, start, end)]`` is, for each unit, what the metric's many-scopes selector
    gives for (level, ids, scopes, start..end or as of end); ``trends[u]`` is
    ``priority_ageing_trends(level, ids, trend_day_lists)`` of unit ``u``. The trends come
    first, from the first read: ``on_trends(trends)``, if given, is called with them before
    the other metrics are computed (the nightly job writes them meanwhile).

    Queries: the scope tree 3; per day supervision 1, staffing 1, ageing 2, meetings 1,
    coverage 1, plans 1, the three figures of DESIGN 4.5 one each; contacts 1 (every period);
    plan quality 2 (the scores as of every end, the averages); the priorities' ages
    1 (for the ageing medians and the trends). Whatever the number of scopes."""
    for level, _ids, _scopes in units:
        if level not in ROLLUP_LEVELS:
            raise ValueError(f"level must be one of {', '.join(ROLLUP_LEVELS)}, not {level!r}")
    trend_day_lists = trend_day_lists or []
    now = now or timezone.now()
    tree: ScopeTree = scope_tree(units=units)
    values: dict[tuple[str, dt.date, dt.date], list[dict[int, dict]]] = {}

    ageing_days = {end for name, _start, end in wanted if name == "priority_ageing"}
    all_days = sorted(ageing_days | {day for days in trend_day_lists for day in days})
    ages = priorities.priority_ages_levels(tree=tree, units=units, days=all_days)
    trends = priorities.priority_ageing_trends_levels(ages=ages, day_lists=trend_day_lists)
    if on_trends:
        on_trends(trends)

    quality = [(start, end) for name, start, end in wanted if name == "plan_quality"]
    if quality:
        for period, per_unit in problem_solving.plan_quality_levels(
            tree=tree, units=units, periods=quality
        ).items():
            values[("plan_quality", *period)] = per_unit

    contact_periods = [
        (start, end) for name, start, end in wanted if name == "contact_responsiveness"
    ]
    contact_rows = (
        engagement.contact_responsiveness_rows_periods(
            level="neighbourhood", ids=tree.hood_ids, periods=contact_periods, now=now
        )
        if contact_periods
        else {}
    )

    for name, start, end in wanted:
        key = (name, start, end)
        if key in values:
            continue
        if name == "priority_ageing":
            values[key] = priorities.priority_ageing_levels(
                tree=tree, units=units, as_of=end, ages=ages
            )
            continue
        if name == "contact_responsiveness":
            parts, combine, figures = "hoods", {}, engagement.contact_responsiveness_figures
            rows = contact_rows[(start, end)]
        elif name in _ADDED_UP:
            parts, rows_of, combine, figures = _ADDED_UP[name]
            ids = tree.team_ids if parts == "teams" else tree.hood_ids
            rows = rows_of(level=_finest_level(parts), ids=ids, as_of=end)
        else:
            raise ValueError(f"{name!r} is not one of {sorted(LEVELS_METRICS)}")
        per_unit = []
        for level, _ids, scopes in units:
            added = add_up(rows, getattr(tree, parts)[level], scopes, combine=combine)
            if name == "meeting_cadence":
                per_unit.append(
                    {sid: figures(added.get(sid, {}), s, as_of=end) for sid, s in scopes.items()}
                )
            else:
                per_unit.append({sid: figures(added.get(sid, {}), s) for sid, s in scopes.items()})
        values[key] = per_unit
    return values, trends
