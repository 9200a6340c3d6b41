"""The figures the inspections need (DESIGN.md 4.5), as of a day D.

- ``priorities_per_neighbourhood``: of the scope's neighbourhoods, how many have 3 to 5 public
  priorities open on D ("3-5 priorities recommended", seeds/004_9fc604fdf3343b13.txt lines
  22927-22955).
- ``priorities_with_plan``: of the priorities open on D, how many are served by a plan opened
  on or before D ("action plans for all identified priorities", Interventions Q4, lines
  23058-23064).
  Every open priority counts here, public or not; the per-neighbourhood count above counts
  public ones only, as 4.5 says (the public sees those on the neighbourhood page).
- ``plans_assessed``: of the plans opened at least 90 days before D (long enough to show
  results), how many have an assessment written. HMIC found plans left open with no
  assessment of whether they worked (seeds/000_c7035e1074614552.txt lines 1494-1495). The
  assessment is read as it stands (plans keep no dated assessment): a frozen inspection
  figure keeps what was written when the inspection opened.

Each has a many-scopes form (GROUP BY; two queries whatever the number of scopes: the scopes
with their policy, then one aggregate) and a single-scope form, as the other metrics
(``dashboards/metrics/common.py``). Each figure carries ``green_share``, the force's policy
share at or above which it is rated green (``Force.priorities_in_range_green`` ...; the
ratings are ``dashboards.metrics.rag``).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from priorities.models import Priority
from problemsolving.models import Plan
from teams.models import Neighbourhood

from .common import (
    NEIGHBOURHOOD_KEYS,
    check_level,
    filter_ids,
    one_scope,
    ratio,
    require,
    scope_policies,
)
from .priorities import NEIGHBOURHOOD_SELF_KEYS, open_on

# "Three to five priorities are recommended" (seeds/004... lines 22942-22945).
PRIORITIES_LOW, PRIORITIES_HIGH = 3, 5
# Plans younger than this have not had time to show results (DESIGN.md 4.5).
PLAN_MATURE_DAYS = 90


def priorities_per_neighbourhood_rows(*, level: str, ids, as_of: dt.date) -> dict[int, dict]:
    """{scope id: {"total", "within"}}: the scope's neighbourhoods and those with 3 to 5 public
    priorities open on ``as_of``; one query. Counts of neighbourhoods: they add up over a
    scope's neighbourhoods (``rollup``)."""
    check_level(level, NEIGHBOURHOOD_SELF_KEYS)
    self_key = NEIGHBOURHOOD_SELF_KEYS[level]
    open_count = (
        Priority.objects.filter(open_on(as_of), neighbourhood_id=OuterRef("pk"), public=True)
        .order_by()
        .values("neighbourhood_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    hoods = filter_ids(Neighbourhood.objects.all(), self_key, ids).annotate(
        open_priorities=Coalesce(Subquery(open_count, output_field=IntegerField()), 0)
    )
    in_range = Q(open_priorities__gte=PRIORITIES_LOW, open_priorities__lte=PRIORITIES_HIGH)
    return {
        row.pop(self_key): row
        for row in hoods.values(self_key)
        .annotate(
            total=Count("id", distinct=True),
            within=Count("id", filter=in_range, distinct=True),
        )
        .order_by()
    }


def priorities_per_neighbourhood_figures(row: dict, scope: dict) -> dict:
    """The figures of one scope from its row of ``priorities_per_neighbourhood_rows`` (empty:
    no neighbourhood)."""
    total, within = row.get("total", 0), row.get("within", 0)
    return {
        "neighbourhoods": total,
        "within_range": within,
        "share": ratio(within, total),
        "green_share": scope["priorities_in_range_green"],
    }


def priorities_per_neighbourhood_many(
    *, level: str, ids, scopes: dict | None = None, as_of: dt.date
) -> dict[int, dict]:
    """{scope id: {"neighbourhoods", "within_range", "share", "green_share"}} for every scope
    of ``level`` (neighbourhood, team, bcu, force): how many of its neighbourhoods have 3 to 5
    public priorities open on ``as_of`` (3 and 5 included); ``share`` is None with no
    neighbourhood. Two queries."""
    check_level(level, NEIGHBOURHOOD_SELF_KEYS)
    scopes = scope_policies(level, ids) if scopes is None else scopes
    rows = priorities_per_neighbourhood_rows(level=level, ids=ids, as_of=as_of)
    return {
        sid: priorities_per_neighbourhood_figures(rows.get(sid, {}), scope)
        for sid, scope in scopes.items()
    }


def priorities_with_plan_rows(*, level: str, ids, as_of: dt.date) -> dict[int, dict]:
    """{scope id: {"open", "with_plan"}}: counts of the priorities open on ``as_of`` and of
    those a plan opened by then serves; one query. Each priority is in one neighbourhood, so
    they add up (``rollup``)."""
    check_level(level, NEIGHBOURHOOD_KEYS)
    key = NEIGHBOURHOOD_KEYS[level]
    planned = Plan.objects.filter(priority_id=OuterRef("pk"), opened_on__lte=as_of)
    priorities = filter_ids(Priority.objects.filter(open_on(as_of)), key, ids).annotate(
        planned=Exists(planned)
    )
    return {
        row.pop(key): row
        for row in priorities.values(key)
        .annotate(open=Count("id"), with_plan=Count("id", filter=Q(planned=True)))
        .order_by()
    }


def priorities_with_plan_figures(row: dict, scope: dict) -> dict:
    """The figures of one scope from its row of ``priorities_with_plan_rows``."""
    total, with_plan = row.get("open", 0), row.get("with_plan", 0)
    return {
        "open": total,
        "with_plan": with_plan,
        "share": ratio(with_plan, total),
        "green_share": scope["priorities_with_plan_green"],
    }


def priorities_with_plan_many(
    *, level: str, ids, scopes: dict | None = None, as_of: dt.date
) -> dict[int, dict]:
    """{scope id: {"open", "with_plan", "share", "green_share"}}: the priorities open on
    ``as_of`` in the scope's neighbourhoods, and how many of them a plan opened on or before
    ``as_of`` serves (a plan opened later does not count); ``share`` is None with none open.
    Two queries."""
    check_level(level, NEIGHBOURHOOD_KEYS)
    scopes = scope_policies(level, ids) if scopes is None else scopes
    rows = priorities_with_plan_rows(level=level, ids=ids, as_of=as_of)
    return {
        sid: priorities_with_plan_figures(rows.get(sid, {}), scope) for sid, scope in scopes.items()
    }


def plans_assessed_rows(*, level: str, ids, as_of: dt.date) -> dict[int, dict]:
    """{scope id: {"plans", "assessed"}}: counts of the plans opened on or before ``as_of`` -
    90 days and of those with an assessment written; one query. Each plan is in one
    neighbourhood, so they add up (``rollup``)."""
    check_level(level, NEIGHBOURHOOD_KEYS)
    key = NEIGHBOURHOOD_KEYS[level]
    cutoff = as_of - dt.timedelta(days=PLAN_MATURE_DAYS)
    plans = filter_ids(Plan.objects.filter(opened_on__lte=cutoff), key, ids)
    return {
        row.pop(key): row
        for row in plans.values(key)
        .annotate(plans=Count("id"), assessed=Count("id", filter=~Q(assessment="")))
        .order_by()
    }


def plans_assessed_figures(row: dict, scope: dict) -> dict:
    """The figures of one scope from its row of ``plans_assessed_rows``."""
    total, assessed = row.get("plans", 0), row.get("assessed", 0)
    return {
        "plans": total,
        "assessed": assessed,
        "share": ratio(assessed, total),
        "green_share": scope["plans_assessed_green"],
    }


def plans_assessed_many(
    *, level: str, ids, scopes: dict | None = None, as_of: dt.date
) -> dict[int, dict]:
    """{scope id: {"plans", "assessed", "share", "green_share"}}: the plans in the scope's
    neighbourhoods opened on or before ``as_of`` - 90 days, and how many have an assessment
    written; ``share`` is None with no such plan. Two queries."""
    check_level(level, NEIGHBOURHOOD_KEYS)
    scopes = scope_policies(level, ids) if scopes is None else scopes
    rows = plans_assessed_rows(level=level, ids=ids, as_of=as_of)
    return {sid: plans_assessed_figures(rows.get(sid, {}), scope) for sid, scope in scopes.items()}


def _one(many, as_of: dt.date, **scope_ids: int | None) -> dict:
    level, scope_id = one_scope(**scope_ids)
    return require(level, scope_id, many(level=level, ids=[scope_id], as_of=as_of))


def priorities_per_neighbourhood(
    *,
    as_of: dt.date,
    neighbourhood_id: int | None = None,
    team_id: int | None = None,
    bcu_id: int | None = None,
    force_id: int | None = None,
) -> dict:
    """Neighbourhoods with 3 to 5 public priorities open (DESIGN.md 4.5) for exactly one
    scope: neighbourhoods, within_range, share."""
    return _one(
        priorities_per_neighbourhood_many,
        as_of,
        neighbourhood_id=neighbourhood_id,
        team_id=team_id,
        bcu_id=bcu_id,
        force_id=force_id,
    )


def priorities_with_plan(
    *,
    as_of: dt.date,
    neighbourhood_id: int | None = None,
    team_id: int | None = None,
    bcu_id: int | None = None,
    force_id: int | None = None,
) -> dict:
    """Open priorities served by a plan (DESIGN.md 4.5) for exactly one scope: open,
    with_plan, share."""
    return _one(
        priorities_with_plan_many,
        as_of,
        neighbourhood_id=neighbourhood_id,
        team_id=team_id,
        bcu_id=bcu_id,
        force_id=force_id,
    )


def plans_assessed(
    *,
    as_of: dt.date,
    neighbourhood_id: int | None = None,
    team_id: int | None = None,
    bcu_id: int | None = None,
    force_id: int | None = None,
) -> dict:
    """Plans at least 90 days old with an assessment written (DESIGN.md 4.5) for exactly one
    scope: plans, assessed, share."""
    return _one(
        plans_assessed_many,
        as_of,
        neighbourhood_id=neighbourhood_id,
        team_id=team_id,
        bcu_id=bcu_id,
        force_id=force_id,
    )
