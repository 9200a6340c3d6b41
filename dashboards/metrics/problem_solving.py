"""Problem-solving status (DESIGN.md 4.4): SARA plans by stage, past review, outcomes."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from problemsolving.models import Plan, PlanOutcome, Stage
from problemsolving.selectors import (
    plan_open_on,
    plan_quality_averages,
    plan_review_overdue_on,
)

from .common import NEIGHBOURHOOD_KEYS, check_level, filter_ids, one_scope, require, scope_policies

OPEN_STAGES = (Stage.SCAN, Stage.ANALYSIS, Stage.RESPONSE, Stage.ASSESSMENT)


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
    key = NEIGHBOURHOOD_KEYS[level]
    scopes = scope_policies(level, ids) if scopes is None else scopes
    is_open = plan_open_on(as_of)
    is_closed = Q(closed_on__lte=as_of)
    stage_filters = {stage.value: Q(stage=stage) for stage in OPEN_STAGES}
    stage_filters[Stage.ASSESSMENT.value] = Q(stage__in=[Stage.ASSESSMENT, Stage.CLOSED])
    aggregates = {f"stage_{s}": Count("id", filter=is_open & q) for s, q in stage_filters.items()}
    aggregates.update(
        {f"outcome_{o}": Count("id", filter=is_closed & Q(outcome=o)) for o in PlanOutcome.values}
    )
    plans = filter_ids(Plan.objects.filter(opened_on__lte=as_of), key, ids)
    rows = {
        row[key]: row
        for row in plans.values(key)
        .annotate(
            open=Count("id", filter=is_open),
            overdue=Count("id", filter=plan_review_overdue_on(as_of)),
            closed=Count("id", filter=is_closed),
            **aggregates,
        )
        .order_by()
    }
    out = {}
    for scope_id in scopes:
        row = rows.get(scope_id, {})
        out[scope_id] = {
            "open": row.get("open", 0),
            "by_stage": {s: row.get(f"stage_{s}", 0) for s in stage_filters},
            "review_overdue": row.get("overdue", 0),
            "closed": row.get("closed", 0),
            "outcomes": {o: row.get(f"outcome_{o}", 0) for o in PlanOutcome.values},
        }
    return out


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
