"""Problem-solving status (DESIGN.md 4.4): SARA plans by stage, past review, outcomes."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import Count, Q

from problemsolving.models import Plan, PlanOutcome, Stage
from problemsolving.selectors import (
    QUALITY_LABELS,
    plan_open_on,
    plan_quality_averages,
    plan_quality_check,
    plan_review_overdue_on,
    plans_with_quality,
)

from .common import NEIGHBOURHOOD_KEYS, check_level, filter_ids, one_scope, require, scope_policies
from .rollup import ScopeTree, add_up

OPEN_STAGES = (Stage.SCAN, Stage.ANALYSIS, Stage.RESPONSE, Stage.ASSESSMENT)


def _stage_filters() -> dict[str, Q]:
    # A plan closed after as_of was in assessment on that day (SARA closes after assessment).
    stage_filters = {stage.value: Q(stage=stage) for stage in OPEN_STAGES}
    stage_filters[Stage.ASSESSMENT.value] = Q(stage__in=[Stage.ASSESSMENT, Stage.CLOSED])
    return stage_filters


def problem_solving_rows(*, level: str, ids, as_of: dt.date) -> dict[int, dict]:
    """{scope id: {"open", "overdue", "closed", "stage_<stage>", "outcome_<outcome>"}}:
    counts of the plans opened on or before ``as_of`` (see the many form); one query. Each
    plan is in one neighbourhood, so they add up (``rollup``)."""
    check_level(level, NEIGHBOURHOOD_KEYS)
    key = NEIGHBOURHOOD_KEYS[level]
    is_open = plan_open_on(as_of)
    is_closed = Q(closed_on__lte=as_of)
    aggregates = {
        f"stage_{s}": Count("id", filter=is_open & q) for s, q in _stage_filters().items()
    }
    aggregates.update(
        {f"outcome_{o}": Count("id", filter=is_closed & Q(outcome=o)) for o in PlanOutcome.values}
    )
    plans = filter_ids(Plan.objects.filter(opened_on__lte=as_of), key, ids)
    return {
        row.pop(key): row
        for row in plans.values(key)
        .annotate(
            open=Count("id", filter=is_open),
            overdue=Count("id", filter=plan_review_overdue_on(as_of)),
            closed=Count("id", filter=is_closed),
            **aggregates,
        )
        .order_by()
    }


def problem_solving_figures(row: dict, scope: dict | None = None) -> dict:
    """The figures of one scope from its row of ``problem_solving_rows``."""
    return {
        "open": row.get("open", 0),
        "by_stage": {s: row.get(f"stage_{s}", 0) for s in _stage_filters()},
        "review_overdue": row.get("overdue", 0),
        "closed": row.get("closed", 0),
        "outcomes": {o: row.get(f"outcome_{o}", 0) for o in PlanOutcome.values},
    }


def problem_solving_many(
    *, level: str, ids, scopes: dict | None = None, as_of: dt.date
) -> dict[int, dict]:
    """{scope id: plans} for the plans in the scope's neighbourhoods; two queries.

    ``open``: plans opened on or before ``as_of`` and not closed by then, ``by_stage`` (their
    current stage; a plan closed after ``as_of`` was in assessment on that day, as SARA closes
    after assessment); ``review_overdue``: open plans whose ``next_review_on`` is before
    ``as_of``; ``closed`` and ``outcomes``: plans closed on or before ``as_of``, by outcome.
    """
    check_level(level, NEIGHBOURHOOD_KEYS)
    scopes = scope_policies(level, ids) if scopes is None else scopes
    rows = problem_solving_rows(level=level, ids=ids, as_of=as_of)
    return {sid: problem_solving_figures(rows.get(sid, {})) for sid in scopes}


def problem_solving(
    *,
    as_of: dt.date,
    team_id: int | None = None,
    bcu_id: int | None = None,
    force_id: int | None = None,
) -> dict:
    """Problem-solving status (DESIGN.md 4.4) for exactly one scope; see the many form."""
    level, scope_id = one_scope(team_id=team_id, bcu_id=bcu_id, force_id=force_id)
    return require(level, scope_id, problem_solving_many(level=level, ids=[scope_id], as_of=as_of))


def plan_quality_many(
    *, level: str, ids, scopes: dict | None = None, start: dt.date, end: dt.date
) -> dict[int, dict]:
    """{scope id: {"plans", "average"}}: how many plans of the scope's neighbourhoods were open
    at some time in ``start..end`` and their average quality score as of ``end`` (the eight
    checks of DESIGN.md section 3, ``problemsolving.selectors``), per team, BCU or force;
    ``average`` is None for a scope with no plans. One query (plus the scopes), so the nightly
    job stores it and the dashboards read it from the snapshots (issue 14: it was a third of
    the BCU page's time)."""
    check_level(level, ("team", "bcu", "force"))
    scopes = scope_policies(level, ids) if scopes is None else scopes
    plans = Plan.objects.filter(opened_on__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=start)
    )
    plans = filter_ids(plans, NEIGHBOURHOOD_KEYS[level], ids)
    found = plan_quality_averages(plans, by=level, as_of=end)
    return {sid: found.get(sid, {"plans": 0, "average": None}) for sid in scopes}


def plan_quality_levels(
    *, tree: ScopeTree, units: list[tuple[str, object, dict]], periods: list[tuple]
) -> dict[tuple[dt.date, dt.date], list[dict[int, dict]]]:
    """``{(start, end): [plan_quality_many(level, ids, scopes, start, end) for each unit]}``
    for the job's team/BCU/force ``units`` (level, ids, scopes) of ``tree``, in two queries:
    the plans' scores as of each end, each plan once with its neighbourhood, then the
    averages; the plans and score sums added up per neighbourhood and then per scope
    (``rollup``: a plan counts once in its BCU and force, for every team covering it); the
    averages divided in PostgreSQL, as AVG divides (numeric sum / count), so they are the same
    to the last digit."""
    ends = sorted({end for _start, end in periods})
    sums: dict[tuple, dict[int, dict]] = {}
    if ends:
        # One query for every end: the checks that do not depend on the day once, the review
        # check once per end; a plan's score as of an end is the number of checks it meets
        # (problemsolving.selectors, DESIGN.md section 3).
        plans = Plan.objects.filter(opened_on__lte=ends[-1])
        plans = filter_ids(plans, "neighbourhood_id", tree.hood_ids)
        plans = plans_with_quality(plans, as_of=ends[-1]).annotate(
            **{f"review_{i}": plan_quality_check("review", as_of=end) for i, end in enumerate(ends)}
        )
        steady = [f"q_{code}" for code in QUALITY_LABELS if code != "review"]
        reviews = [f"review_{i}" for i in range(len(ends))]
        scored = list(
            plans.values_list(
                "neighbourhood_id", "opened_on", "closed_on", *steady, *reviews
            ).order_by()
        )
        width = len(steady)
        for start, end in periods:
            review = 3 + width + ends.index(end)
            per_hood = sums.setdefault((start, end), {})
            for row in scored:
                hood, opened_on, closed_on = row[:3]
                if opened_on <= end and (closed_on is None or closed_on >= start):
                    found = per_hood.setdefault(hood, {"plans": 0, "total": 0})
                    found["plans"] += 1
                    # A check that is NULL (a text not written) is not met, as CASE WHEN says.
                    met = [check for check in row[3 : 3 + width] if check]
                    found["total"] += len(met) + (1 if row[review] else 0)
    added = {
        (period, u): add_up(per_hood, tree.hoods[level], scopes)
        for period, per_hood in sums.items()
        for u, (level, _ids, scopes) in enumerate(units)
    }
    keys = [(key, sid) for key, rows in added.items() for sid in rows]
    averages = _divide(
        [added[key][sid]["total"] for key, sid in keys],
        [added[key][sid]["plans"] for key, sid in keys],
    )
    average_of = dict(zip(keys, averages, strict=True))
    out = {}
    for start, end in periods:
        out[(start, end)] = [
            {
                sid: (
                    {"plans": added[((start, end), u)][sid]["plans"], "average": average}
                    if (average := average_of.get((((start, end), u), sid))) is not None
                    else {"plans": 0, "average": None}
                )
                for sid in scopes
            }
            for u, (_level, _ids, scopes) in enumerate(units)
        ]
    return out


def _divide(totals: list[int], counts: list[int]) -> list[float]:
    """``[float(total::numeric / count::numeric)]`` in one query: AVG over integers is that
    numeric division (PostgreSQL's int8_avg), whose rounding Python's float division does not
    always reproduce. The query runs even with nothing to divide, so the job's statements do
    not depend on the data."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.t::numeric / v.n::numeric FROM unnest(%s::bigint[], %s::bigint[])"
            " WITH ORDINALITY AS v(t, n, i) ORDER BY v.i",
            [totals, counts],
        )
        return [float(value) for (value,) in cursor.fetchall()]


def plan_quality(
    *,
    start: dt.date,
    end: dt.date,
    team_id: int | None = None,
    bcu_id: int | None = None,
    force_id: int | None = None,
) -> dict:
    """Plan quality (see the many form) for exactly one scope."""
    level, scope_id = one_scope(team_id=team_id, bcu_id=bcu_id, force_id=force_id)
    return require(
        level, scope_id, plan_quality_many(level=level, ids=[scope_id], start=start, end=end)
    )
