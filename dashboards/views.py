"""Dashboard pages: BCU, force and team tables with RAG ratings, trends, map, CSV export, and
"recompute now" with progress. Figures come from dashboards.selectors; these views only pick
the scope (``metric_scopes_visible``: out of scope is 404), the period, and format the cells."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from dashboards import charts, services
from dashboards.forms import MapMetricForm, PeriodForm
from dashboards.metrics import rag
from dashboards.models import RecomputeJob
from dashboards.selectors import (
    BUCKETS,
    MAP_METRICS,
    PERIOD_LABELS,
    dashboard_table,
    dashboard_trends,
    live_rows,
    may_recompute,
    metric_scopes_visible,
    neighbourhood_map,
    neighbourhoods_of,
    standard_periods,
)
from npms.scope import Scope
from teams.models import BCU, Team
from teams.selectors import team_members_in_period


def _pct(value) -> str:
    return "–" if value is None else f"{value:.1%}"


def _num(value) -> str:
    return "–" if value is None else f"{value:g}"


def _span(fig: dict) -> str:
    if fig["span"] is None:
        text = "No sergeant" if fig["stretched"] else "No staff"
    else:
        text = f"1:{fig['span']:.1f}"
    teams = fig.get("teams") or 0
    if teams > 1:  # a BCU or force: the teams behind the total (DESIGN.md 4.2)
        flags = []
        if fig.get("teams_without_sergeant"):
            flags.append(f"{fig['teams_without_sergeant']} of {teams} teams without a sergeant")
        if fig.get("teams_stretched"):
            flags.append(f"{fig['teams_stretched']} of {teams} teams stretched")
        if flags:
            text += " (" + "; ".join(flags) + ")"
    return text


def _hybrid(fig: dict) -> str:
    if not fig.get("sergeant_postings"):
        return "No sergeant"
    return f"{fig.get('hybrid_sergeants', 0)} of {fig['sergeant_postings']}"


def _vacancies(fig: dict) -> str:
    if not fig["target_total"]:
        return "No template"
    return f"{fig['vacancies_total']:g} of {fig['target_total']:g}"


def _meeting(fig: dict) -> str:
    if fig["days_since_last"] is None:
        return "Never"
    text = f"{fig['days_since_last']} days"
    if fig["overdue"]:
        text += f" ({fig['overdue']} of {fig['neighbourhoods']} overdue)"
    return text


def _contacts(fig: dict) -> str:
    if fig["rate"] is None:
        return "No contacts due" if not fig["received"] else f"{fig['pending']} pending"
    return f"{fig['rate']:.0%} ({fig['on_time']} of {fig['on_time'] + fig['late']})"


def _coverage(fig: dict) -> str:
    return f"{fig['covered']} of {fig['neighbourhoods']}"


def _whole_pct(share: float) -> str:
    """0.6667 -> "67%", 0.625 -> "63%" (half up, as a reader rounds)."""
    return f"{int(share * 100 + 0.5)}%"


def _of(part: int, whole: int, none: str) -> str:
    """Words such as "4 of 6 (67%)", or ``none`` when there is nothing to count."""
    if not whole:
        return none
    return f"{part} of {whole} ({_whole_pct(part / whole)})"


def _in_range(fig: dict) -> str:
    return _of(fig["within_range"], fig["neighbourhoods"], "No neighbourhoods")


def _hood_in_range(fig: dict) -> str:
    """One neighbourhood's own answer: are its open public priorities 3 to 5?"""
    return "Yes" if fig["within_range"] else "No"


def _with_plan(fig: dict) -> str:
    return _of(fig["with_plan"], fig["open"], "No open priorities")


def _assessed(fig: dict) -> str:
    return _of(fig["assessed"], fig["plans"], "No plans that old")


def abstraction_reading(force) -> str:
    """The sentence that says which reading of "dedicated time" the force uses (DESIGN.md 4.1:
    the dashboards say it in words)."""
    if force.leave_is_dedicated:
        leave = (
            "Rest days and annual leave count as dedicated time, as in the NPIA definition of a "
            "dedicated neighbourhood officer"
        )
    else:
        leave = "Rest days and annual leave are left out of the abstraction rate (duty time only)"
    if force.sickness_is_abstraction:
        sickness = "sickness counts as an abstraction"
    else:
        sickness = "sickness is left out of the rate"
    return f"{leave}; {sickness}; paid overtime is left out."


@dataclass(frozen=True)
class ListLink:
    """A count cell's link to the list of the items the count counts (``review=overdue`` on
    the day the figure is taken, narrowed to the row's scope): the page at ``route``, when
    the figure's ``count_key`` counts any."""

    route: str
    count_key: str

    def url(self, base: str, level: str, scope_id: int, as_of) -> str:
        """The link for one cell; ``base`` is ``reverse(route)``, taken once per table."""
        query = urlencode({level: scope_id, "review": "overdue", "as_of": as_of.isoformat()})
        return f"{base}?{query}"


@dataclass
class Column:
    header: str
    metric: str
    text: Callable[[dict], str]
    rated: bool = True
    rating: str | None = None  # the key in the row's ratings, if not the metric's own
    link: ListLink | None = None  # the list behind the number


# "Priorities past review" opens the priorities past review, "Plans past review" the plans
# (issue 9: the dashboards counted plans no page could open).
PRIORITIES_PAST_REVIEW = ListLink("priorities:all", "review_overdue")
PLANS_PAST_REVIEW = ListLink("problemsolving:library", "review_overdue")


SCOPE_COLUMNS = [
    Column("Abstraction rate", "abstraction", lambda f: _pct(f["rate"])),
    Column("Protected time", "abstraction", lambda f: _pct(f["protected_rate"]), rated=False),
    Column("Time on patrol", "abstraction", lambda f: _pct(f.get("patrol_share")), rated=False),
    Column("Supervision span", "supervision", _span),
    Column("Vacancies (FTE)", "staffing", _vacancies),
    Column("Open priorities", "priority_ageing", lambda f: str(f["open"]), rated=False),
    Column(
        "Priorities past review",
        "priority_ageing",
        lambda f: str(f["review_overdue"]),
        link=PRIORITIES_PAST_REVIEW,
    ),
    Column("Last PACT meeting", "meeting_cadence", _meeting),
    Column("Contacts answered in time", "contact_responsiveness", _contacts),
    Column("Named officers", "named_officer_coverage", _coverage),
    Column("Hybrid sergeants", "supervision", _hybrid, rating="hybrid_supervision"),
    Column("Neighbourhoods with 3-5 priorities", "priorities_per_neighbourhood", _in_range),
    Column("Priorities with a plan", "priorities_with_plan", _with_plan),
    Column(
        "Plans past review",
        "problem_solving",
        lambda f: str(f["review_overdue"]),
        rated=False,
        link=PLANS_PAST_REVIEW,
    ),
    Column("Plans assessed (open 90+ days)", "plans_assessed", _assessed),
    Column("Plan quality (average of 8)", "plan_quality", lambda f: _quality(f), rated=False),
]
MEMBER_COLUMNS = [
    Column("Working hours", "abstraction", lambda f: _num(f["working_hours"]), rated=False),
    Column("Abstracted hours", "abstraction", lambda f: _num(f["abstracted_hours"]), rated=False),
    Column("Abstraction rate", "abstraction", lambda f: _pct(f["rate"])),
    Column("Protected time", "abstraction", lambda f: _pct(f["protected_rate"]), rated=False),
    Column("Time on patrol", "abstraction", lambda f: _pct(f.get("patrol_share")), rated=False),
]
NEIGHBOURHOOD_COLUMNS = [
    Column("Open priorities", "priority_ageing", lambda f: str(f["open"]), rated=False),
    Column(
        "Priorities past review",
        "priority_ageing",
        lambda f: str(f["review_overdue"]),
        link=PRIORITIES_PAST_REVIEW,
    ),
    Column("Last PACT meeting", "meeting_cadence", _meeting),
    Column("Contacts answered in time", "contact_responsiveness", _contacts),
    Column("Named officers", "named_officer_coverage", _coverage),
    Column("3-5 priorities", "priorities_per_neighbourhood", _hood_in_range),
    Column("Priorities with a plan", "priorities_with_plan", _with_plan),
    Column("Open plans", "problem_solving", lambda f: str(f["open"]), rated=False),
    Column(
        "Plans past review",
        "problem_solving",
        lambda f: str(f["review_overdue"]),
        rated=False,
        link=PLANS_PAST_REVIEW,
    ),
    Column("Plans assessed (open 90+ days)", "plans_assessed", _assessed),
]


def _quality(fig: dict) -> str:
    if not fig.get("plans"):
        return "No plans"
    return f"{fig['average']:.1f} ({fig['plans']} plan{'s' if fig['plans'] != 1 else ''})"


def list_bases(columns: list[Column]) -> dict[str, str]:
    """{route: its URL} of the lists the columns link to: reversed once for a whole table,
    not once per cell (issue 14)."""
    return {c.link.route: reverse(c.link.route) for c in columns if c.link}


def _cells(
    row: dict,
    columns: list[Column],
    *,
    level: str | None = None,
    as_of=None,
    bases: dict[str, str] | None = None,
) -> list:
    """The cells of one table row. With ``level`` and ``as_of`` (the day the point figures
    are taken on), a count cell whose column has a ``link`` also has ``url``: its list
    (``bases``: ``list_bases(columns)``, given when the caller writes many rows)."""
    ratings = row.get("rag") or rag.rate_all(row)
    cells = []
    for column in columns:
        figures = row.get(column.metric)
        rating = ratings.get(column.rating or column.metric) if column.rated else None
        cell = {
            "text": column.text(figures) if figures is not None else "–",
            "rag": rating,
            "rag_word": rating.capitalize() if rating else "",
        }
        link = column.link
        if link and level and figures is not None and figures.get(link.count_key):
            if bases is None:
                bases = list_bases(columns)
            cell["url"] = link.url(bases[link.route], level, row["id"], as_of)
        cells.append(cell)
    return cells


# Order of the ratings when a table shows exceptions first: red, amber, green, not rated.
SEVERITY = {"red": 0, "amber": 1, "green": 2, None: 3}
SORT_EXCEPTIONS, SORT_NAME = "exceptions", "name"


def sort_rows(rows: list[dict], columns: list[Column], sort: str | None) -> tuple[list, str]:
    """``rows`` ({"name", "cells"}) in the order ``sort`` asks, and the order applied:
    ``name``; a rated column's slug (its red rows first, then amber, green, not rated, each by
    name); or, by default and for anything else, ``exceptions``: the rows with the most red
    cells first, then the most amber, then by name (DESIGN.md 4.6: a commander sees the
    exceptions first)."""
    by_name = lambda r: r["name"].lower()  # noqa: E731
    if sort == SORT_NAME:
        return sorted(rows, key=by_name), SORT_NAME
    rated = {slugify(c.header): i for i, c in enumerate(columns) if c.rated}
    if sort in rated:
        i = rated[sort]
        return sorted(rows, key=lambda r: (SEVERITY[r["cells"][i]["rag"]], by_name(r))), sort

    def exceptions(row):
        ratings = [c["rag"] for c in row["cells"]]
        return (-ratings.count("red"), -ratings.count("amber"), by_name(row))

    return sorted(rows, key=exceptions), SORT_EXCEPTIONS


def _sortable_headers(columns: list[Column], period_key: str, current: str) -> list[dict]:
    """The table's column headers, each rated one a link that sorts by it (server side)."""
    out = []
    for column in columns:
        slug = slugify(column.header)
        url = f"?period={period_key}&sort={slug}" if column.rated else None
        out.append({"text": column.header, "url": url, "current": slug == current})
    return out


def _hhmm(at) -> str:
    return f"{timezone.localtime(at):%H:%M}"


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def source_sentence(table: dict, *, total: bool = False) -> str:
    """Where a dashboard table's figures come from, in words (issue 13): "From the snapshot of
    02:00", "Live: data changed since the snapshot", or, when only some rows are live, how many
    of each and why. ``total`` words it for the total row ("Total: from the snapshot ...")."""
    snap = _hhmm(table["snapshot_at"]) if table["snapshot_at"] else None
    changed, missing = len(table["changed"]), len(table["missing"])
    if (
        total
        or len(table["rows"]) == 1
        or (table["source"] != "mixed" and not (changed and missing))
    ):
        if table["source"] == "snapshot":
            text = f"from the snapshot of {snap}"
        elif not changed:
            text = f"computed live at {_hhmm(table['live_at'])} (no snapshot of today)"
        elif total:
            text = "computed live, data changed since the snapshot"
        else:
            text = "live: data changed since the snapshot"
        return f"Total: {text}." if total else f"{text[0].upper()}{text[1:]}."
    parts = []
    from_snapshot = len(table["rows"]) - changed - missing
    if from_snapshot:
        rows = _plural(from_snapshot, "row", "rows")
        parts.append(f"{from_snapshot} {rows} from the snapshot of {snap}")
    if changed:
        their = _plural(changed, "its", "their")
        parts.append(f"{changed} computed live because {their} data changed since")
    if missing:
        they = _plural(missing, "it has", "they have")
        parts.append(f"{missing} computed live because {they} no snapshot of today")
    return ", ".join(parts) + "."


def _sources(table: dict, total: dict) -> list[str]:
    """The source sentences of a table and its total row: one when both say the same (all
    from the same snapshot, or all live with no snapshot)."""
    row_text, total_text = source_sentence(table), source_sentence(total, total=True)
    same = total_text == f"Total: {row_text[0].lower()}{row_text[1:]}"
    if same and not table["changed"]:
        return [row_text.removesuffix(".") + ": every row and the total."]
    return [row_text, total_text]


def _period(request) -> tuple[PeriodForm, str, tuple]:
    form = PeriodForm(request.GET or None)
    key = form.period_key()
    return form, key, standard_periods()[key]


def _scope(request, level: str, pk: int):
    queryset = metric_scopes_visible(Scope.of(request.user), level)
    if level == "team":
        queryset = queryset.select_related("bcu__force")
    elif level == "bcu":
        queryset = queryset.select_related("force")
    return get_object_or_404(queryset, pk=pk)


def _weeks(level: str, scope_id: int, end, limit: float, markers: dict | None = None) -> dict:
    # From the trends the snapshot job stored (one query), live only when none is fresh;
    # ``markers``: the scope's change marker, read already for its table row.
    weeks = dashboard_trends(level=level, scope_ids=[scope_id], end=end, markers=markers)[scope_id]
    return {
        "weeks": weeks,
        "trend_rows": charts.trend_table_rows(weeks, [name for name, *_ in BUCKETS]),
        "abstraction_chart": charts.abstraction_chart(weeks, limit),
        "ageing_chart": charts.ageing_chart(weeks),
    }


def _page(request, *, level, scope, child_level, child_ids, child_url, title, crumbs, extra=None):
    form, key, (start, end) = _period(request)
    table = dashboard_table(level=child_level, ids=child_ids, start=start, end=end)
    total_table = dashboard_table(level=level, ids=[scope.pk], start=start, end=end)
    total = total_table["rows"][0]
    bases = list_bases(SCOPE_COLUMNS)
    rows = [
        {
            "name": row["name"],
            "url": reverse(child_url, args=[row["id"]]) if child_url else None,
            "cells": _cells(row, SCOPE_COLUMNS, level=child_level, as_of=end, bases=bases),
            # Marked when only some rows are live, so the reader sees which (issue 13).
            "live": table["source"] == "mixed" and row["source"] == "live",
        }
        for row in table["rows"]
    ]
    rows, sort = sort_rows(rows, SCOPE_COLUMNS, request.GET.get("sort"))
    context = {
        "level": level,
        "scope": scope,
        "title": title,
        "crumbs": crumbs,
        "period_form": form,
        "period_key": key,
        "period_label": PERIOD_LABELS[key],
        "start": start,
        "end": end,
        "headers": _sortable_headers(SCOPE_COLUMNS, key, sort),
        "sort": sort,
        "sort_name_url": f"?period={key}&sort={SORT_NAME}",
        "sort_exceptions_url": f"?period={key}&sort={SORT_EXCEPTIONS}",
        "rows": rows,
        "total": {
            "name": f"{scope.name} (all)",
            "cells": _cells(total, SCOPE_COLUMNS, level=level, as_of=end, bases=bases),
        },
        "source": table["source"],
        "computed_at": table["computed_at"],
        "source_sentences": _sources(table, total_table),
        "legend": rag.legend(scope if level == "force" else scope.force),
        "abstraction_reading": abstraction_reading(scope if level == "force" else scope.force),
        "export_url": reverse(f"dashboards:{level}-export", args=[scope.pk]) + f"?period={key}",
        "recompute_url": reverse("dashboards:recompute", args=[level, scope.pk])
        if may_recompute(Scope.of(request.user))
        else None,
        **_weeks(level, scope.pk, end, total["abstraction"]["limit"], total_table["markers"]),
        **(extra or {}),
    }
    return render(request, f"dashboards/{level}.html", context)


@login_required
def bcu_dashboard(request, bcu_id: int):
    bcu = _scope(request, "bcu", bcu_id)
    map_form = MapMetricForm(request.GET or None, choices=MAP_METRICS)
    return _page(
        request,
        level="bcu",
        scope=bcu,
        child_level="team",
        child_ids=Team.objects.filter(bcu_id=bcu.pk).values("id"),
        child_url="dashboards:team",
        title=f"{bcu.name} BCU dashboard",
        crumbs=_crumbs(request.user, force=bcu.force),
        extra={
            "map_url": reverse("dashboards:bcu-map", args=[bcu.pk]),
            "map_form": map_form,
            "row_label": "Team",
        },
    )


@login_required
def force_dashboard(request, force_id: int):
    force = _scope(request, "force", force_id)
    return _page(
        request,
        level="force",
        scope=force,
        child_level="bcu",
        child_ids=BCU.objects.filter(force_id=force.pk).values("id"),
        child_url="dashboards:bcu",
        title=f"{force.name} dashboard",
        crumbs=[],
        extra={"row_label": "BCU"},
    )


@login_required
def team_dashboard(request, team_id: int):
    team = _scope(request, "team", team_id)
    form, key, (start, end) = _period(request)
    total = dashboard_table(level="team", ids=[team.pk], start=start, end=end)
    row = total["rows"][0]
    members = team_members_in_period(team=team, start=start, end=end)
    member_rows = live_rows(level="member", ids=list(members), start=start, end=end)
    hoods = live_rows(
        level="neighbourhood",
        ids=neighbourhoods_of("team", team.pk).values("id"),
        start=start,
        end=end,
    )
    map_form = MapMetricForm(request.GET or None, choices=MAP_METRICS)
    bases = list_bases(NEIGHBOURHOOD_COLUMNS)
    context = {
        "level": "team",
        "scope": team,
        "title": f"{team.name} dashboard",
        "crumbs": _crumbs(request.user, force=team.bcu.force, bcu=team.bcu),
        "period_form": form,
        "period_key": key,
        "period_label": PERIOD_LABELS[key],
        "start": start,
        "end": end,
        "headers": _sortable_headers(SCOPE_COLUMNS, key, ""),
        # Each cell says its column's name, for the one-row table stacked on a phone.
        "total": {
            "name": team.name,
            "cells": [
                {**cell, "label": column.header}
                for cell, column in zip(
                    _cells(row, SCOPE_COLUMNS, level="team", as_of=end), SCOPE_COLUMNS, strict=True
                )
            ],
        },
        "source": total["source"],
        "computed_at": total["computed_at"],
        "source_sentences": [
            source_sentence(total),
            "The members and neighbourhoods below are always computed live.",
        ],
        "member_headers": [c.header for c in MEMBER_COLUMNS],
        "member_rows": [
            {
                "name": r["name"],
                "role": members[mid],
                "cells": _cells(r, MEMBER_COLUMNS),
            }
            for mid, r in member_rows.items()
        ],
        "hood_headers": [c.header for c in NEIGHBOURHOOD_COLUMNS],
        "hood_rows": sort_rows(
            [
                {
                    "name": r["name"],
                    "cells": _cells(
                        r, NEIGHBOURHOOD_COLUMNS, level="neighbourhood", as_of=end, bases=bases
                    ),
                }
                for r in hoods.values()
            ],
            NEIGHBOURHOOD_COLUMNS,
            None,
        )[0],
        "legend": rag.legend(team.bcu.force),
        "abstraction_reading": abstraction_reading(team.bcu.force),
        "export_url": reverse("dashboards:team-export", args=[team.pk]) + f"?period={key}",
        "recompute_url": reverse("dashboards:recompute", args=["team", team.pk])
        if may_recompute(Scope.of(request.user))
        else None,
        "map_url": reverse("dashboards:team-map", args=[team.pk]),
        "map_form": map_form,
        **_weeks("team", team.pk, end, row["abstraction"]["limit"], total["markers"]),
    }
    return render(request, "dashboards/team.html", context)


def _crumbs(user, *, force=None, bcu=None) -> list[tuple[str, str]]:
    """Breadcrumb links to the dashboards above this one that the user may open."""
    crumbs = []
    scope = Scope.of(user)
    if force is not None and metric_scopes_visible(scope, "force").filter(pk=force.pk).exists():
        crumbs.append((force.name, reverse("dashboards:force", args=[force.pk])))
    if bcu is not None and metric_scopes_visible(scope, "bcu").filter(pk=bcu.pk).exists():
        crumbs.append((bcu.name, reverse("dashboards:bcu", args=[bcu.pk])))
    return crumbs


def _export(request, level: str, pk: int):
    scope = _scope(request, level, pk)
    form, key, (start, end) = _period(request)
    if level == "team":
        child_level, ids, label = "team", [scope.pk], "Team"
    elif level == "bcu":
        child_level, ids, label = "team", Team.objects.filter(bcu_id=pk).values("id"), "Team"
    else:
        child_level, ids, label = "bcu", BCU.objects.filter(force_id=pk).values("id"), "BCU"
    table = dashboard_table(level=child_level, ids=ids, start=start, end=end)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"npms-{level}-{pk}-{key}-{end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([label, "Start", "End"] + [h for c in SCOPE_COLUMNS for h in _csv_headers(c)])
    for row in table["rows"]:
        cells = _cells(row, SCOPE_COLUMNS)
        values = []
        for column, cell in zip(SCOPE_COLUMNS, cells, strict=True):
            values.append(cell["text"])
            if column.rated:
                values.append(cell["rag_word"])
        writer.writerow([row["name"], start.isoformat(), end.isoformat(), *values])
    return response


def _csv_headers(column: Column) -> list[str]:
    return [column.header, f"{column.header} RAG"] if column.rated else [column.header]


@login_required
def bcu_export(request, bcu_id: int):
    return _export(request, "bcu", bcu_id)


@login_required
def force_export(request, force_id: int):
    return _export(request, "force", force_id)


@login_required
def team_export(request, team_id: int):
    return _export(request, "team", team_id)


def _map(request, level: str, pk: int):
    scope = _scope(request, level, pk)
    _form, _key, (start, end) = _period(request)
    data = neighbourhood_map(
        neighbourhoods=neighbourhoods_of(level, scope.pk), start=start, end=end
    )
    return JsonResponse(data, content_type="application/geo+json")


@login_required
def bcu_map(request, bcu_id: int):
    return _map(request, "bcu", bcu_id)


@login_required
def team_map(request, team_id: int):
    return _map(request, "team", team_id)


@login_required
@require_POST
def recompute(request, level: str, pk: int):
    if level not in ("team", "bcu", "force"):
        raise Http404
    scope = _scope(request, level, pk)
    if not may_recompute(Scope.of(request.user)):
        raise PermissionDenied("Your role reads the dashboards; it may not recompute them.")
    job = services.recompute_start(level=level, scope_id=scope.pk, user=request.user)
    if request.htmx:
        return render(request, "dashboards/_job.html", {"job": job})
    return redirect("dashboards:job", job_id=job.pk)


@login_required
def job_progress(request, job_id: int):
    job = get_object_or_404(RecomputeJob, pk=job_id)
    # Visible to whoever may see the scope it recomputes (else 404, ids do not leak).
    visible = metric_scopes_visible(Scope.of(request.user), job.scope_type)
    if not visible.filter(pk=job.scope_id).exists():
        raise Http404
    # A job whose worker was lost says so when polled (the beat task does the same every minute).
    if not job.finished and services.recompute_jobs_fail_stale(job_ids=[job.pk]):
        job.refresh_from_db()
    back = reverse(f"dashboards:{job.scope_type}", args=[job.scope_id])
    template = "dashboards/_job.html" if request.htmx else "dashboards/job.html"
    return render(request, template, {"job": job, "back": back})
