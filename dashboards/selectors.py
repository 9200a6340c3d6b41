"""Metric selectors: the ONE home of the formulas of DESIGN.md section 4.

Single-scope functions (fixed interfaces; exactly one scope id, dates are ``datetime.date``):

- ``abstraction_rate(*, start, end, member_id|team_id|bcu_id|force_id)`` (4.1)
- ``supervision(*, as_of, team_id|bcu_id|force_id)`` (4.2)
- ``priority_ageing(*, as_of, team_id|bcu_id|force_id)`` (4.3)
- ``meeting_cadence(*, as_of, neighbourhood_id|team_id|bcu_id|force_id)`` (4.4)
- ``contact_responsiveness(*, start, end, neighbourhood_id|team_id|bcu_id|force_id, now=None)``
- ``staffing(*, as_of, team_id|bcu_id|force_id)`` (4.4, staffing against template)
- ``named_officer_coverage(*, as_of, team_id|bcu_id|force_id)`` (4.4)
- ``problem_solving(*, as_of, team_id|bcu_id|force_id)`` (4.4)
- ``priorities_per_neighbourhood``, ``priorities_with_plan``, ``plans_assessed``
  ``(*, as_of, neighbourhood_id|team_id|bcu_id|force_id)`` (4.5, the figures the inspections
  need; on the dashboards and in the snapshots like every other metric)

Each has a "many scopes" form ``<name>_many(*, level, ids, ...) -> {scope id: figures}`` that
computes every scope of one level with GROUP BY in a fixed number of queries (the dashboards and
the snapshot jobs use these); the single-scope form calls it with one id. An id that does not
exist raises ``UnknownScope`` (its ``param`` names the parameter).

Below them: what the dashboards read (a table of rows per scope, live or from fresh snapshots;
12-week trends; the neighbourhood map), built only from the functions above.
"""

from __future__ import annotations

import datetime as dt
import json

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.db.models import Aggregate, JSONField, Min, Q, QuerySet
from django.utils import timezone

from dashboards.metrics import rag
from dashboards.metrics.abstraction import (
    abstraction_rate,
    abstraction_rate_many,
    abstraction_weekly,
    hours_figures,
)
from dashboards.metrics.common import LEVELS, UnknownScope, scope_policies
from dashboards.metrics.engagement import (
    contact_responsiveness,
    contact_responsiveness_many,
    meeting_cadence,
    meeting_cadence_many,
    named_officer_coverage,
    named_officer_coverage_many,
)
from dashboards.metrics.inspection_figures import (
    plans_assessed,
    plans_assessed_many,
    priorities_per_neighbourhood,
    priorities_per_neighbourhood_many,
    priorities_with_plan,
    priorities_with_plan_many,
)
from dashboards.metrics.priorities import (
    BUCKETS,
    ages_figures,
    priority_ageing,
    priority_ageing_many,
    priority_ageing_trend,
)
from dashboards.metrics.problem_solving import (
    plan_quality,
    plan_quality_many,
    problem_solving,
    problem_solving_many,
)
from dashboards.metrics.supervision import staffing, staffing_many, supervision, supervision_many
from dashboards.models import MetricSnapshot, TrendSnapshot
from npms.scope import FORCE_VIEWER, INSPECTOR, Scope
from teams.models import BCU, Force, Member, Neighbourhood, Posting, Team
from teams.selectors import (
    bcus_visible,
    figures_changed_at,
    forces_visible,
    neighbourhoods_visible,
    scopes_changed_since,
    teams_visible,
)

__all__ = [
    "BUCKETS",
    "LEVELS",
    "METRICS",
    "UnknownScope",
    "abstraction_rate",
    "abstraction_rate_many",
    "abstraction_weekly",
    "contact_responsiveness",
    "contact_responsiveness_many",
    "dashboard_table",
    "live_rows",
    "meeting_cadence",
    "meeting_cadence_many",
    "named_officer_coverage",
    "named_officer_coverage_many",
    "neighbourhood_map",
    "plans_assessed",
    "plans_assessed_many",
    "plan_quality",
    "plan_quality_many",
    "priorities_per_neighbourhood",
    "priorities_per_neighbourhood_many",
    "priorities_with_plan",
    "priorities_with_plan_many",
    "priority_ageing",
    "priority_ageing_many",
    "priority_ageing_trend",
    "problem_solving",
    "problem_solving_many",
    "scope_policies",
    "scopes_changed_since",
    "staffing",
    "staffing_many",
    "standard_periods",
    "supervision",
    "supervision_many",
    "dashboard_trends",
    "trend_days",
    "trend_rows",
    "trend_scopes_live",
    "trend_snapshots",
    "trend_stored",
    "trends",
]


class Metric:
    """A metric's many-scopes selector, whether it is over a period or as of a day, and the
    levels it is defined for."""

    def __init__(self, func, *, period: bool, levels: tuple[str, ...]):
        self.func, self.period, self.levels = func, period, levels

    def compute(self, *, level, ids, scopes, start: dt.date, end: dt.date) -> dict[int, dict]:
        if self.period:
            return self.func(level=level, ids=ids, scopes=scopes, start=start, end=end)
        return self.func(level=level, ids=ids, scopes=scopes, as_of=end)


_ALL = ("team", "bcu", "force")
_HOODS = ("neighbourhood", *_ALL)
# Every metric, by the name used in snapshots and on the dashboards. Period metrics cover
# start..end; point metrics are taken as of ``end`` (snapshots store them with start == end).
METRICS: dict[str, Metric] = {
    "abstraction": Metric(abstraction_rate_many, period=True, levels=("member", *_ALL)),
    "supervision": Metric(supervision_many, period=False, levels=_ALL),
    "staffing": Metric(staffing_many, period=False, levels=_ALL),
    "priority_ageing": Metric(priority_ageing_many, period=False, levels=_HOODS),
    "meeting_cadence": Metric(meeting_cadence_many, period=False, levels=_HOODS),
    "contact_responsiveness": Metric(contact_responsiveness_many, period=True, levels=_HOODS),
    "named_officer_coverage": Metric(named_officer_coverage_many, period=False, levels=_HOODS),
    "problem_solving": Metric(problem_solving_many, period=False, levels=_HOODS),
    # The figures the inspections need (section 4.5): on the dashboards, in the snapshots and
    # in the metric API like the others, and read by the inspections' evidence.
    "priorities_per_neighbourhood": Metric(
        priorities_per_neighbourhood_many, period=False, levels=_HOODS
    ),
    "priorities_with_plan": Metric(priorities_with_plan_many, period=False, levels=_HOODS),
    "plans_assessed": Metric(plans_assessed_many, period=False, levels=_HOODS),
    # The average quality of the plans open in the period (section 3's eight checks).
    "plan_quality": Metric(plan_quality_many, period=True, levels=_ALL),
}
SNAPSHOT_LEVELS = _ALL


def metrics_for(level: str) -> list[str]:
    return [name for name, m in METRICS.items() if level in m.levels]


def standard_periods(today: dt.date | None = None) -> dict[str, tuple[dt.date, dt.date]]:
    """The periods the nightly job snapshots and the dashboards offer, all ending by yesterday:
    ``yesterday``; ``28d`` (the 28 days to yesterday); ``quarter`` (the last complete calendar
    quarter)."""
    today = today or timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    this_quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    quarter_end = this_quarter_start - dt.timedelta(days=1)
    quarter_start = dt.date(quarter_end.year, quarter_end.month - 2, 1)
    return {
        "yesterday": (yesterday, yesterday),
        "28d": (yesterday - dt.timedelta(days=27), yesterday),
        "quarter": (quarter_start, quarter_end),
    }


PERIOD_LABELS = {
    "yesterday": "Yesterday",
    "28d": "Last 28 days",
    "quarter": "Last quarter",
}


def live_rows(
    *, level: str, ids, start: dt.date, end: dt.date, scopes: dict | None = None
) -> dict[int, dict]:
    """{scope id: {"name", <metric>: figures, ...}} computed live for every metric defined at
    ``level``: about two queries per metric, whatever the number of scopes."""
    scopes = scope_policies(level, ids) if scopes is None else scopes
    rows = {sid: {"id": sid, "name": s["name"]} for sid, s in scopes.items()}
    if not scopes:
        return rows
    for name in metrics_for(level):
        values = METRICS[name].compute(level=level, ids=ids, scopes=scopes, start=start, end=end)
        for sid, figures in values.items():
            rows[sid][name] = figures
    return rows


class _ObjectAgg(Aggregate):
    """PostgreSQL's ``jsonb_object_agg(key, value)``: a group's rows as one JSON object."""

    function = "JSONB_OBJECT_AGG"
    output_field = JSONField()


def _snapshot_rows(level, scopes, start, end, fresh_on) -> tuple[dict, dict]:
    """({scope id: row}, {scope id: computed_at}) for the scopes whose every metric has a
    snapshot computed on ``fresh_on`` (one query); a scope missing one is left out. A row's
    time is that of its oldest snapshot.

    PostgreSQL gathers each scope's snapshots into one JSON object ({metric: value}) and its
    oldest time, so Python decodes one document and one time per scope, not one per metric
    (a force page reads 32 x 12 snapshots: issue 14, the pages under 50 ms)."""
    names = metrics_for(level)
    period = [n for n in names if METRICS[n].period]
    point = [n for n in names if not METRICS[n].period]
    snaps = (
        MetricSnapshot.objects.filter(
            scope_type=level, scope_id__in=list(scopes), computed_at__date=fresh_on
        )
        .filter(
            Q(metric__in=period, start=start, end=end) | Q(metric__in=point, start=end, end=end)
        )
        .order_by()
        .values("scope_id")
        .annotate(figures=_ObjectAgg("metric", "value"), oldest=Min("computed_at"))
        .values_list("scope_id", "figures", "oldest")
    )
    rows: dict[int, dict] = {}
    oldest: dict[int, dt.datetime] = {}
    for sid, figures, at in snaps:
        # The unique constraint allows one snapshot per metric, scope and period, so a scope
        # with every metric has every name among its keys.
        if all(name in figures for name in names):
            rows[sid] = {"id": sid, "name": scopes[sid]["name"], **figures}
            oldest[sid] = at
    return rows, oldest


def dashboard_table(
    *,
    level: str,
    ids,
    start: dt.date,
    end: dt.date,
    prefer_snapshots: bool = True,
    today: dt.date | None = None,
) -> dict:
    """The rows of a dashboard table, each from today's snapshot when it still holds, else
    computed live. Returns::

        {"rows": [row...], "source": "snapshot" | "live" | "mixed",
         "snapshot_at": time of the oldest snapshot used (None if none),
         "live_at": when the live rows were computed (None if none),
         "changed": [ids computed live because their data changed since their snapshot],
         "missing": [ids computed live because they have no complete snapshot of today],
         "computed_at": snapshot_at, else live_at,
         "markers": {scope id: when its data last changed (None: never), for each scope
                     found in the snapshots} (``teams.selectors.figures_changed_at``; give it
                     to ``dashboard_trends`` so it does not read them again)}

    Each row has the scope's id and name, every metric defined at ``level``, "rag" {metric:
    "green"|"amber"|"red"|None} and "source" ("snapshot" or "live").

    A scope's row comes from snapshots when every one it needs was computed today and no data
    behind it changed since (``teams.selectors.scopes_changed_since``: a duty record, a
    priority, a meeting ... entered after the nightly job or a "recompute now"). The others are
    computed live, only those ids. Queries: scopes 1, snapshots 1, the change markers 1 (when
    a snapshot was found), and about 2 per metric when any row is live, whatever the number of
    live rows."""
    today = today or timezone.localdate()
    scopes = scope_policies(level, ids)
    rows: dict[int, dict] = {}
    snapped: dict[int, dt.datetime] = {}
    changed: set[int] = set()
    markers: dict[int, dt.datetime | None] = {}
    if prefer_snapshots and scopes and level in SNAPSHOT_LEVELS:
        rows, snapped = _snapshot_rows(level, scopes, start, end, today)
        if snapped:
            read = figures_changed_at(level=level, ids=snapped)
            markers = {sid: read.get(sid) for sid in snapped}
            changed = scopes_changed_since(
                level=level, scopes=snapped, computed_at=snapped, markers=markers
            )
        for sid in changed:
            del rows[sid]
            del snapped[sid]
    for row in rows.values():
        row["source"] = "snapshot"
    live_ids = [sid for sid in scopes if sid not in rows]
    live_at = None
    if live_ids:
        # All live: the caller's ids as given (a subquery stays a subquery); else only these.
        live = live_rows(
            level=level,
            ids=ids if len(live_ids) == len(scopes) else live_ids,
            start=start,
            end=end,
            scopes={sid: scopes[sid] for sid in live_ids},
        )
        live_at = timezone.now()
        for sid, row in live.items():
            row["source"] = "live"
            rows[sid] = row
    ordered = [rows[sid] for sid in scopes]
    for row in ordered:
        row["rag"] = rag.rate_all(row)
    snapshot_at = min(snapped.values()) if snapped else None
    if not live_ids:
        source = "snapshot"
    elif snapped:
        source = "mixed"
    else:
        source = "live"
    return {
        "rows": ordered,
        "source": source,
        "snapshot_at": snapshot_at,
        "live_at": live_at,
        "changed": [sid for sid in scopes if sid in changed],
        "missing": [sid for sid in live_ids if sid not in changed],
        "computed_at": snapshot_at or live_at,
        "markers": markers,
    }


def trend_days(end: dt.date, weeks: int = 12) -> tuple[list[dt.date], list[dt.date]]:
    """(Mondays, week ends) of the ``weeks`` weeks (Monday to Sunday) up to the week of
    ``end``; the last week ends on ``end``."""
    last_monday = end - dt.timedelta(days=end.weekday())
    mondays = [last_monday - dt.timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    week_ends = [min(m + dt.timedelta(days=6), end) for m in mondays]
    return mondays, week_ends


def trend_rows(*, scope_ids, mondays, week_ends, weekly: dict, ageing: dict) -> dict:
    """{scope id: [week...]} from the weekly abstraction figures (``abstraction_weekly``) and
    the ageing at each week end (``priority_ageing_trend``): the shape ``trends`` returns."""
    out = {}
    for sid in scope_ids:
        ages = ageing.get(sid)
        out[sid] = [
            {
                "week_start": monday,
                "week_end": week_ends[i],
                "abstraction": weekly.get(sid, {}).get(monday),
                "ageing": ages[i] if ages else _no_ageing(),
            }
            for i, monday in enumerate(mondays)
        ]
    return out


def trends(*, level: str, ids, end: dt.date, weeks: int = 12) -> dict[int, list[dict]]:
    """{scope id: [week...]} for the ``weeks`` weeks (Monday to Sunday) up to the week of
    ``end``: the weekly abstraction figures and the ages of the open priorities at each week's
    end (or ``end`` for the current week). Three queries."""
    mondays, week_ends = trend_days(end, weeks)
    weekly = abstraction_weekly(level=level, ids=ids, start=mondays[0], end=end)
    ageing = priority_ageing_trend(level=level, ids=ids, days=week_ends)
    scopes = scope_policies(level, ids)
    return trend_rows(
        scope_ids=scopes, mondays=mondays, week_ends=week_ends, weekly=weekly, ageing=ageing
    )


TREND_WEEKS = 12


def _no_ageing() -> dict:
    """A trend week's ageing for a scope with no priority set by the trend's end."""
    return {"open": 0, "buckets": {}, "median_age_days": None}


def trend_stored(
    *, scope_ids, mondays: list[dt.date], weekly: dict, ageing: dict[int, list]
) -> dict[int, dict]:
    """{scope id: what ``TrendSnapshot.value`` keeps of its ``trend_rows`` weeks}: for each
    week, ``abstraction`` [working hours, abstracted hours] (None: no duty that week) and
    ``ageing`` the ages of the open priorities as ``_ages_on`` tuples (None: no priority set by
    the end). The weeks' dates and the figures made of these numbers are not stored: the row's
    ``end`` and ``weeks`` give the dates (``trend_days``) and ``_trend_decode`` the figures, as
    ``trend_rows`` has them. On a Met-size force a row is 519 characters of JSON instead of
    3,854 for PostgreSQL to parse each night, and the job makes no dict per week (issue 14).
    ``weekly``: {scope id: {Monday: (working hours, abstracted hours)}} (the one pass's);
    ``ageing``: {scope id: [ages per week end]}."""
    out = {}
    for sid in scope_ids:
        weeks = weekly.get(sid, {})
        out[sid] = {
            "abstraction": [weeks.get(monday) for monday in mondays],
            "ageing": ageing.get(sid),
        }
    return out


def _trend_decode(value, *, end: dt.date, weeks: int) -> list[dict]:
    """A stored trend (``trend_stored``, to ``end`` over ``weeks`` weeks) as ``trends``
    returns it. A trend stored before that form (the weeks themselves, dates as ISO strings)
    is read too."""
    if isinstance(value, list):
        return [_week_decode(week) for week in value]
    mondays, week_ends = trend_days(end, weeks)
    ages = value["ageing"]
    return [
        {
            "week_start": monday,
            "week_end": week_ends[i],
            "abstraction": None if hours is None else hours_figures(*hours),
            "ageing": _no_ageing() if ages is None else ages_figures(ages[i], as_of=week_ends[i]),
        }
        for i, (monday, hours) in enumerate(zip(mondays, value["abstraction"], strict=True))
    ]


def _week_decode(week: dict) -> dict:
    """A week of a trend stored whole (dates as ISO strings), with its dates as dates."""
    ageing = dict(week["ageing"])
    if "as_of" in ageing:
        ageing["as_of"] = dt.date.fromisoformat(ageing["as_of"])
    return {
        **week,
        "week_start": dt.date.fromisoformat(week["week_start"]),
        "week_end": dt.date.fromisoformat(week["week_end"]),
        "ageing": ageing,
    }


def trend_snapshots(
    *, level: str, scope_ids: list[int], end: dt.date, fresh_on: dt.date
) -> dict[int, tuple[list[dict], dt.datetime]]:
    """{scope id: (weeks, computed_at)} of the 12-week trends to ``end`` stored by a snapshot
    run on ``fresh_on`` (one query); scopes without one are absent."""
    snaps = TrendSnapshot.objects.filter(
        scope_type=level,
        scope_id__in=list(scope_ids),
        end=end,
        weeks=TREND_WEEKS,
        computed_at__date=fresh_on,
    ).values_list("scope_id", "value", "computed_at")
    return {sid: (_trend_decode(value, end=end, weeks=TREND_WEEKS), at) for sid, value, at in snaps}


def trend_scopes_live(
    *,
    level: str,
    scope_ids: list[int],
    found: dict,
    end: dt.date,
    markers: dict[int, dt.datetime | None] | None = None,
) -> list[int]:
    """Of ``scope_ids``, those whose trend must be computed live: no fresh stored trend in
    ``found`` (from ``trend_snapshots``), or data changed since it was stored (the per-scope
    check of the table rows, ``scopes_changed_since``: one query when any is found, none when
    ``markers`` (``dashboard_table``'s) already covers every scope found)."""
    stored = {sid: at for sid, (_weeks, at) in found.items() if sid in scope_ids}
    if markers is not None and not all(sid in markers for sid in stored):
        markers = None
    changed = (
        scopes_changed_since(level=level, scopes=stored, computed_at=stored, markers=markers)
        if stored
        else set()
    )
    return [sid for sid in scope_ids if sid not in stored or sid in changed]


def dashboard_trends(
    *,
    level: str,
    scope_ids: list[int],
    end: dt.date,
    prefer_snapshots: bool = True,
    today: dt.date | None = None,
    markers: dict[int, dt.datetime | None] | None = None,
) -> dict[int, list[dict]]:
    """The 12-week trends of ``scope_ids`` to ``end`` (what ``trends`` returns), read from
    the trends the snapshot job stored today (one query) and computed live (three more
    queries) only for the scopes ``trend_scopes_live`` names. ``markers``: the change markers
    ``dashboard_table`` read for these scopes in the same request (saves one query)."""
    today = today or timezone.localdate()
    scope_ids = list(scope_ids)
    found = {}
    if prefer_snapshots and level in SNAPSHOT_LEVELS:
        found = trend_snapshots(level=level, scope_ids=scope_ids, end=end, fresh_on=today)
    live = trend_scopes_live(
        level=level, scope_ids=scope_ids, found=found, end=end, markers=markers
    )
    out = {sid: weeks for sid, (weeks, _at) in found.items() if sid not in live}
    if live:
        out.update(trends(level=level, ids=live, end=end, weeks=TREND_WEEKS))
    return out


MAP_METRICS = {
    "priority_ageing": "Priorities past review",
    "meeting_cadence": "Last PACT meeting",
    "contact_responsiveness": "Contacts answered in time",
    "named_officer_coverage": "Named officers",
}


def neighbourhood_map(*, neighbourhoods, start: dt.date, end: dt.date) -> dict:
    """A GeoJSON FeatureCollection of ``neighbourhoods`` (a queryset, already scoped) with each
    neighbourhood's figures and ratings for the map metrics in its properties. Six queries."""
    ids = neighbourhoods.values("id")
    rows = live_rows(level="neighbourhood", ids=ids, start=start, end=end)
    features = []
    shapes = neighbourhoods.filter(boundary__isnull=False).annotate(
        geojson=AsGeoJSON("boundary", precision=5)
    )
    for hood in shapes.values("id", "code", "name", "geojson"):
        row = rows.get(hood["id"], {})
        ratings = rag.rate_all(row)
        features.append(
            {
                "type": "Feature",
                "id": hood["id"],
                "geometry": json.loads(hood["geojson"]),
                "properties": {
                    "id": hood["id"],
                    "code": hood["code"],
                    "name": hood["name"],
                    "rag": {m: ratings.get(m) for m in MAP_METRICS},
                    **{m: row.get(m) for m in MAP_METRICS},
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def neighbourhoods_of(level: str, scope_id: int):
    """The neighbourhoods of a team, BCU or force, as a queryset."""
    if level == "team":
        return Neighbourhood.objects.filter(teams=scope_id)
    if level == "bcu":
        return Neighbourhood.objects.filter(bcu_id=scope_id)
    return Neighbourhood.objects.filter(force_id=scope_id)


# ---------------------------------------------------------------------------------------------
# Who may read which scope's figures (DESIGN.md section 5).


def metric_scopes_visible(scope: Scope, level: str) -> QuerySet:
    """Scopes of ``level`` (member, neighbourhood, team, bcu, force) whose metrics and
    dashboards the caller may read. Dashboards are police-only and follow the reading scope
    of section 5, except that team roles (sergeant, officer) see their own team's figures
    only (not their BCU's or force's) and a BCU commander no force's; partners none."""
    models = {"member": Member, "neighbourhood": Neighbourhood, "team": Team, "bcu": BCU}
    model = Force if level == "force" else models[level]
    if scope.superuser:
        return model.objects.all()
    if not scope.is_police:
        return model.objects.none()
    if level == "member":
        if scope.force_wide:
            return Member.objects.filter(force_id=scope.force_id)
        posted = Posting.objects.filter(team__in=teams_visible(scope)).values("member_id")
        return Member.objects.filter(pk__in=posted)
    if level in ("bcu", "force") and scope.in_team:
        return model.objects.none()
    if level == "force" and scope.is_bcu_commander:
        return model.objects.none()
    return {
        "neighbourhood": neighbourhoods_visible,
        "team": teams_visible,
        "bcu": bcus_visible,
        "force": forces_visible,
    }[level](scope)


def may_recompute(scope: Scope) -> bool:
    """Whether the caller may press "recompute now" on the dashboards it can read: a job
    writes snapshots, so the read-only roles (force viewer, inspector) may not (issue 13)."""
    return scope.authenticated and not scope.has_role(FORCE_VIEWER, INSPECTOR)
