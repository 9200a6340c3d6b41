"""Shared pieces of the metric selectors: scope levels, force policies and SQL helpers.

Every metric has a "many scopes" form, ``<metric>_many(*, level, ids, ...)``, which computes the
metric for every scope of one level (``member``, ``team``, ``bcu``, ``force`` and, for the
neighbourhood-based metrics, ``neighbourhood``) with GROUP BY, in a fixed number of queries
whatever the number of scopes. The single-scope functions of DESIGN.md section 4
(``abstraction_rate(team_id=...)`` ...) call the many form with one id, so each formula is
written once.

``ids`` is a list of ids, a queryset of ids (used as a subquery, no extra query) or ``None`` for
every scope of the level.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Aggregate, Func, Value

from teams.models import BCU, Force, Member, Neighbourhood, Team

LEVELS = ("member", "team", "bcu", "force", "neighbourhood")

# The force policy settings a metric is judged against (DESIGN.md section 3, Force).
POLICY_FIELDS = (
    "abstraction_limit",
    "sickness_is_abstraction",
    "leave_is_dedicated",
    "supervision_span_limit",
    "supervision_span_amber",
    "priority_review_days",
    "contact_response_hours",
    "meeting_interval_days",
    "priorities_in_range_green",
    "priorities_with_plan_green",
    "plans_assessed_green",
)
# Policy settings stored as decimals that the figures carry as floats.
_FLOAT_FIELDS = (
    "abstraction_limit",
    "supervision_span_limit",
    "priorities_in_range_green",
    "priorities_with_plan_green",
    "plans_assessed_green",
)

# For each level: the model of the scope and the path from it to its Force.
_SCOPE_MODELS: dict[str, tuple[type[models.Model], str]] = {
    "member": (Member, "force__"),
    "team": (Team, "bcu__force__"),
    "bcu": (BCU, "force__"),
    "force": (Force, ""),
    "neighbourhood": (Neighbourhood, "force__"),
}

# Paths from a neighbourhood-owned row (``neighbourhood`` FK) to each scope id. A team covers
# its neighbourhoods through the M2M, so one row can count for several teams.
NEIGHBOURHOOD_KEYS = {
    "neighbourhood": "neighbourhood_id",
    "team": "neighbourhood__teams",
    "bcu": "neighbourhood__bcu_id",
    "force": "neighbourhood__force_id",
}


class UnknownScope(LookupError):
    """The scope id does not exist; ``param`` names it (``team``, ``bcu`` ...)."""

    def __init__(self, param: str, value: Any):
        self.param = param
        self.value = value
        super().__init__(f"There is no {param} with id {value}.")


def check_level(level: str, allowed: Iterable[str]) -> None:
    if level not in allowed:
        raise ValueError(f"level must be one of {', '.join(allowed)}, not {level!r}")


def one_scope(**scope_ids: int | None) -> tuple[str, int]:
    """(level, id) from keyword ids like ``team_id=3``; exactly one must be given."""
    given = [(name.removesuffix("_id"), v) for name, v in scope_ids.items() if v is not None]
    if len(given) != 1:
        names = ", ".join(n.removesuffix("_id") for n in scope_ids)
        raise ValueError(f"Give exactly one scope ({names}); got {len(given)}.")
    return given[0]


def filter_ids(queryset, key: str, ids):
    """Narrow ``queryset`` to rows whose ``key`` is in ``ids`` (None: no narrowing)."""
    if ids is None:
        return queryset
    return queryset.filter(**{f"{key}__in": ids})


def scope_policies(level: str, ids) -> dict[int, dict]:
    """{scope id: {"name", "force_id", policy settings...}} for the scopes, in name order.

    One query. It also lists scopes that have no data, so every scope gets a row.
    """
    model, to_force = _SCOPE_MODELS[level]
    fields = {f"{to_force}{f}": f for f in POLICY_FIELDS}
    force_id = "id" if level == "force" else f"{to_force}id"
    qs = filter_ids(model.objects.all(), "id", ids).order_by("name", "id")
    rows = qs.values("id", "name", force_id, *fields)
    out = {}
    for row in rows:
        policy = {short: row[full] for full, short in fields.items()}
        for name in _FLOAT_FIELDS:
            policy[name] = float(policy[name])
        if policy["supervision_span_amber"] is not None:
            policy["supervision_span_amber"] = float(policy["supervision_span_amber"])
        out[row["id"]] = {"name": row["name"], "force_id": row[force_id], **policy}
    return out


def require(level: str, scope_id: int, found: dict) -> dict:
    """The one scope's figures, or UnknownScope naming the parameter."""
    try:
        return found[scope_id]
    except KeyError:
        raise UnknownScope(level, scope_id) from None


def date_value(day: dt.date) -> Value:
    return Value(day, output_field=models.DateField())


class DaysBetween(Func):
    """``later - earlier`` in whole days (PostgreSQL date - date = integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = models.IntegerField()


class DateMinusDays(Func):
    """``day - n`` as a date (PostgreSQL date - integer = date); ``n`` may be a column."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = models.DateField()


class FloorDays(Func):
    """FLOOR(days * fraction)::int: e.g. 90% of a policy interval, for an amber band."""

    template = "FLOOR(%(expressions)s * %(fraction)s)::int"
    output_field = models.IntegerField()

    def __init__(self, days, fraction: float):
        super().__init__(days, fraction=float(fraction))


class Median(Aggregate):
    """PostgreSQL percentile_cont(0.5): the median (mean of the middle two for an even count)."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = models.FloatField()
    allow_distinct = False


def num(value) -> float:
    """A Decimal/None sum as a float (None -> 0.0)."""
    return float(value or 0)


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator at full precision (pages round), or None when it is 0."""
    if not denominator:
        return None
    return numerator / denominator
