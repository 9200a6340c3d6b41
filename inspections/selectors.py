"""Reads for inspections: who may see them (DESIGN.md section 5), and what the frameworks'
grading rules make of an inspection's judgements (the rules themselves are pure functions in
``inspections.grading``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from accounts.selectors import users_nameable
from dashboards import selectors as metrics
from inspections.grading import (
    guarantee_grade,
    hmic_area_grade,
    hmic_overall_grade,
    looking_fors_rag,
    theme_grade,
)
from inspections.metrics import METRIC_RULES
from inspections.models import (
    Criterion,
    Inspection,
    Judgement,
    MetricName,
    Recommendation,
    RecommendationStatus,
)
from npms.scope import BCU_COMMANDER, FORCE_ADMIN, INSPECTOR, Scope
from teams.models import BCU, Force, Team

HMIC_2008 = "hmic-2008"
NPIA_SELF_ASSESSMENT = "npia-self-assessment"
NP_GUARANTEE_2025 = "np-guarantee-2025"

__all__ = [
    "guarantee_grade",
    "hmic_area_grade",
    "hmic_overall_grade",
    "criterion_evidence",
    "inspection_grades",
    "inspection_scopes_openable",
    "inspections_visible",
    "inspections_writable",
    "metric_figure",
    "recommendations_outstanding",
    "recommendations_visible",
    "judgement_rag",
    "looking_fors_rag",
    "theme_grade",
]


def judgement_rag(*, judgement: Judgement) -> str | None:
    """The self-assessment's red / amber / green for one question from the looking-fors the
    assessor ticked and the serious-omission flag (``grading.looking_fors_rag``); None for a
    criterion without looking-fors."""
    return looking_fors_rag(
        met=len(judgement.looking_fors_met),
        total=len(judgement.criterion.looking_fors),
        serious_omission=judgement.serious_omission,
    )


def _is_hmic_exceeding(code: str) -> bool:
    # The fixed codes of DESIGN.md section 3: NP-M1..4 and CF-M1..4 are the "meeting the
    # standard" criteria, NP-E1..4 and CF-E1..2 the "exceeding" ones.
    return code.split("-")[1].startswith("E")


def inspection_grades(*, inspection: Inspection) -> dict:
    """The grades the framework's rules give from the judgements so far, in one query:
    ``{"themes": [{"theme", "grade"}, ...] in the framework's order, "overall": grade}``.
    HMIC: each area by ``hmic_area_grade``, overall the lower of them. Self-assessment: each
    theme's suggested grade by ``theme_grade``, no overall (the template has none).
    Guarantee: each theme and the whole by ``guarantee_grade``. A grade is None while the
    judgements do not settle it."""
    rows = (
        Judgement.objects.filter(inspection=inspection)
        .order_by("criterion__order", "criterion__code")
        .values_list("criterion__theme", "criterion__code", "grade")
    )
    by_theme: dict[str, list[tuple[str, str]]] = {}
    for theme, code, grade in rows:
        by_theme.setdefault(theme, []).append((code, grade))

    code = inspection.framework.code
    themes = []
    for theme, judged in by_theme.items():
        grades = [grade for _, grade in judged]
        if code == HMIC_2008:
            grade = hmic_area_grade(
                meeting=[g for c, g in judged if not _is_hmic_exceeding(c)],
                exceeding=[g for c, g in judged if _is_hmic_exceeding(c)],
            )
        elif code == NPIA_SELF_ASSESSMENT:
            grade = theme_grade(grades)
        else:
            grade = guarantee_grade(grades)
        themes.append({"theme": theme, "grade": grade})

    if code == HMIC_2008:
        overall = hmic_overall_grade(item["grade"] for item in themes)
    elif code == NPIA_SELF_ASSESSMENT:
        overall = None
    else:
        overall = guarantee_grade(grade for _, _, grade in rows)
    return {"themes": themes, "overall": overall}


def inspections_visible(scope: Scope) -> QuerySet[Inspection]:
    """Force-wide roles: the force's inspections; a BCU commander those of the BCU and its
    teams; a sergeant or officer those of the team; partners and the public none."""
    if scope.superuser:
        return Inspection.objects.all()
    if scope.force_wide:
        return Inspection.objects.filter(force_id=scope.force_id)
    if scope.is_bcu_commander:
        return Inspection.objects.filter(Q(bcu_id=scope.bcu_id) | Q(team__bcu_id=scope.bcu_id))
    if scope.in_team:
        return Inspection.objects.filter(team_id=scope.team_id)
    return Inspection.objects.none()


# Writers of inspections (DESIGN.md section 5): inspectors and force admins force-wide, a BCU
# commander its own BCU and its teams.
FORCE_WIDE_WRITERS = (INSPECTOR, FORCE_ADMIN)


def inspections_writable(scope: Scope) -> QuerySet[Inspection]:
    """Inspections whose judgements and recommendations the caller may change: inspector and
    force admin force-wide, a BCU commander those of its BCU and its teams, a superuser all;
    every other role none (they read, DESIGN.md section 5)."""
    if scope.superuser:
        return Inspection.objects.all()
    if scope.has_role(*FORCE_WIDE_WRITERS):
        return Inspection.objects.filter(force_id=scope.force_id)
    if scope.has_role(BCU_COMMANDER):
        return Inspection.objects.filter(Q(bcu_id=scope.bcu_id) | Q(team__bcu_id=scope.bcu_id))
    return Inspection.objects.none()


def inspection_scopes_openable(scope: Scope) -> dict[str, QuerySet]:
    """{"force": forces, "bcu": BCUs, "team": teams} the caller may open an inspection of: the
    force, its BCUs and teams for inspectors and force admins; a BCU commander its BCU and its
    teams (not the force); nothing for anyone else."""
    if scope.superuser:
        return {"force": Force.objects.all(), "bcu": BCU.objects.all(), "team": Team.objects.all()}
    if scope.has_role(*FORCE_WIDE_WRITERS):
        return {
            "force": Force.objects.filter(pk=scope.force_id),
            "bcu": BCU.objects.filter(force_id=scope.force_id),
            "team": Team.objects.filter(bcu__force_id=scope.force_id),
        }
    if scope.has_role(BCU_COMMANDER):
        return {
            "force": Force.objects.none(),
            "bcu": BCU.objects.filter(pk=scope.bcu_id),
            "team": Team.objects.filter(bcu_id=scope.bcu_id),
        }
    return {"force": Force.objects.none(), "bcu": BCU.objects.none(), "team": Team.objects.none()}


def recommendations_visible(scope: Scope) -> QuerySet[Recommendation]:
    """Recommendations of the inspections the caller may see."""
    return Recommendation.objects.filter(inspection__in=inspections_visible(scope))


def recommendations_outstanding(scope: Scope) -> QuerySet[Recommendation]:
    """Every recommendation not yet closed, of the inspections the caller may see, soonest
    due first (those without a due date last), with their inspection, owner and the
    recommendation they repeat."""
    return (
        recommendations_visible(scope)
        .exclude(status=RecommendationStatus.CLOSED)
        .select_related("inspection", "owner", "repeats__inspection")
        .order_by("due_on", "id")
    )


# ---------------------------------------------------------------------------------------------
# Evidence: each criterion's figure through dashboards.selectors (DESIGN.md section 3).

# "The 90 days ending on the inspection's start date" (DESIGN.md section 3).
EVIDENCE_DAYS = 90


def _share(part, whole) -> float | None:
    return part / whole if whole else None


def _pct(value) -> float | None:
    return None if value is None else value / 100


# For each criterion metric: the section-4 figure it reads (in dashboards.selectors.METRICS)
# and how the headline value (the one compared with the threshold, as inspections.metrics
# describes it) comes out of the figures.
_HEADLINES: dict[str, tuple[str, Callable[[dict], float | None]]] = {
    MetricName.ABSTRACTION_RATE: ("abstraction", lambda f: f["rate"]),
    MetricName.SUPERVISION_SPAN: ("supervision", lambda f: f["span"]),
    MetricName.PRIORITIES_UP_TO_DATE: (
        "priority_ageing",
        lambda f: _pct(f["neighbourhoods_up_to_date_pct"]),
    ),
    MetricName.PRIORITIES_PER_NEIGHBOURHOOD: ("priorities_per_neighbourhood", lambda f: f["share"]),
    MetricName.PRIORITIES_WITH_PLAN: ("priorities_with_plan", lambda f: f["share"]),
    MetricName.MEETING_CADENCE: (
        "meeting_cadence",
        lambda f: _share(f["neighbourhoods"] - f["overdue"], f["neighbourhoods"]),
    ),
    MetricName.CONTACT_RESPONSIVENESS: ("contact_responsiveness", lambda f: f["rate"]),
    MetricName.NAMED_OFFICER_COVERAGE: ("named_officer_coverage", lambda f: _pct(f["pct"])),
    MetricName.PLANS_ASSESSED: ("plans_assessed", lambda f: f["share"]),
}


def _json_safe(figures: dict) -> dict:
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))


def metric_figure(*, metric: str, level: str, scope_id: int, day: dt.date) -> dict:
    """The figure behind a criterion metric for one force, BCU or team, through
    ``dashboards.selectors``: ``{"metric", "value", "figures", "start", "end"}`` for a period
    figure (the 90 days ending on ``day``) or ``{"metric", "value", "figures", "as_of"}`` for
    a point figure (taken on ``day``). ``value`` is the headline number of
    ``inspections.metrics`` (None when the scope has nothing to count); ``figures`` the
    selector's full answer. About two queries."""
    name, headline = _HEADLINES[metric]
    source = metrics.METRICS[name]
    start = day - dt.timedelta(days=EVIDENCE_DAYS - 1)
    if name == "contact_responsiveness":
        # A contact still unanswered is late once its time has passed by the end of ``day``
        # (not by today), so the figure is the one that could be seen on that day.
        end_of_day = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
        figures = metrics.contact_responsiveness_many(
            level=level, ids=[scope_id], start=start, end=day, now=min(end_of_day, timezone.now())
        )[scope_id]
    else:
        figures = source.compute(level=level, ids=[scope_id], scopes=None, start=start, end=day)[
            scope_id
        ]
    out = {"metric": metric, "value": headline(figures), "figures": _json_safe(figures)}
    if source.period:
        out.update(start=start.isoformat(), end=day.isoformat())
    else:
        out["as_of"] = day.isoformat()
    return out


def criterion_evidence(*, figure: dict, threshold: Decimal | float) -> dict:
    """``figure`` (from ``metric_figure``) judged against ``threshold``: adds "threshold"
    (a float) and "met" (True, False, or None when there is no value to judge). A team with
    staff and no sergeant has no span and does not meet the supervision criterion
    (inspections.metrics)."""
    rule = METRIC_RULES[figure["metric"]]
    value = figure["value"]
    met = rule.met(value, threshold)
    if figure["metric"] == MetricName.SUPERVISION_SPAN and value is None:
        staff = figure["figures"]["constables"] + figure["figures"]["pcsos"]
        met = False if staff else None
    return {**figure, "threshold": float(threshold), "met": met}


def inspection_scope(inspection: Inspection) -> tuple[str, int]:
    """(level, id) of the force, BCU or team the inspection covers."""
    level = inspection.scope_type
    return level, {
        "force": inspection.force_id,
        "bcu": inspection.bcu_id,
        "team": inspection.team_id,
    }[level]


def evidence_for(
    *, criteria: list[Criterion], level: str, scope_id: int, day: dt.date
) -> dict[int, dict]:
    """{criterion id: evidence} for the criteria with a metric, each judged against its own
    threshold; each metric is computed once however many criteria use it."""
    figures: dict[str, dict] = {}
    out = {}
    for criterion in criteria:
        if not criterion.metric:
            continue
        if criterion.metric not in figures:
            figures[criterion.metric] = metric_figure(
                metric=criterion.metric, level=level, scope_id=scope_id, day=day
            )
        out[criterion.id] = criterion_evidence(
            figure=figures[criterion.metric], threshold=criterion.threshold
        )
    return out


# ---------------------------------------------------------------------------------------------
# What the inspection pages show.


def inspection_scope_name(inspection: Inspection) -> str:
    """The name of the force, BCU or team inspected (its relations selected beforehand)."""
    target = {"force": inspection.force, "bcu": inspection.bcu, "team": inspection.team}[
        inspection.scope_type
    ]
    return target.name


def inspections_for_pages(scope: Scope) -> QuerySet[Inspection]:
    """The visible inspections, newest first, with what the list shows: framework, scope
    names, lead, and how many criteria are graded of how many."""
    return (
        inspections_visible(scope)
        .select_related("framework", "force", "bcu", "team", "lead")
        .annotate(
            criteria_count=Count("judgements"),
            graded_count=Count("judgements", filter=~Q(judgements__grade="")),
        )
        .order_by("-start_date", "-id")
    )


def inspection_sheet(*, inspection: Inspection, today: dt.date) -> dict:
    """Everything the grading page and the report show for one inspection: ``themes`` in the
    framework's order, each ``{"theme", "rule_grade" (the framework's rule from the grades so
    far), "assessment" (the assessor's ThemeAssessment or None), "rows"}``, each row
    ``{"judgement", "criterion", "frozen" (computed_evidence), "live" (the same figure today,
    or None for a criterion without a metric or when ``today`` is None), "rag" (the
    self-assessment's rule from the ticked looking-fors), "looking_fors" [{"code", "text",
    "met"}]}``; and ``overall`` (HMIC: the lower of the areas; the Guarantee: all kept)."""
    judgements = list(
        Judgement.objects.filter(inspection=inspection)
        .select_related("criterion")
        .order_by("criterion__order", "criterion__code")
    )
    criteria = [j.criterion for j in judgements]
    live = {}
    if today is not None:
        level, scope_id = inspection_scope(inspection)
        live = evidence_for(criteria=criteria, level=level, scope_id=scope_id, day=today)
    grades = inspection_grades(inspection=inspection)
    rule_by_theme = {item["theme"]: item["grade"] for item in grades["themes"]}
    assessments = {a.theme: a for a in inspection.theme_assessments.all()}
    themes: dict[str, dict] = {}
    for judgement in judgements:
        criterion = judgement.criterion
        theme = themes.setdefault(
            criterion.theme,
            {
                "theme": criterion.theme,
                "rule_grade": rule_by_theme.get(criterion.theme),
                "assessment": assessments.get(criterion.theme),
                "rows": [],
            },
        )
        met = set(judgement.looking_fors_met)
        theme["rows"].append(
            {
                "judgement": judgement,
                "criterion": criterion,
                "frozen": judgement.computed_evidence,
                "live": live.get(criterion.id),
                "rag": judgement_rag(judgement=judgement) if criterion.looking_fors else None,
                "looking_fors": [
                    {**item, "met": item["code"] in met} for item in criterion.looking_fors
                ],
            }
        )
    return {"themes": list(themes.values()), "overall": grades["overall"]}


def inspections_comparable(scope: Scope, *, inspection: Inspection) -> QuerySet[Inspection]:
    """The other visible inspections of the same force, BCU or team, newest first."""
    same = Q(scope_type=inspection.scope_type, force_id=inspection.force_id)
    same &= Q(bcu_id=inspection.bcu_id) & Q(team_id=inspection.team_id)
    return (
        inspections_visible(scope)
        .filter(same)
        .exclude(pk=inspection.pk)
        .select_related("framework")
        .order_by("-start_date", "-id")
    )


def inspection_comparison(*, earlier: Inspection, later: Inspection) -> dict:
    """Two inspections of the same scope side by side, by criterion code: ``rows`` [{"code",
    "text", "theme", "earlier": judgement or None, "later": judgement or None,
    "earlier_value", "later_value", "grade_moved" ("better" / "worse" / "changed" / "" ),
    "value_moved" (later - earlier, or None)}], ``themes`` (rule grades of each), and
    ``repeats``: the later inspection's recommendations that repeat one of the earlier's.
    Raises ValueError when the scopes differ."""
    if (earlier.scope_type, earlier.force_id, earlier.bcu_id, earlier.team_id) != (
        later.scope_type,
        later.force_id,
        later.bcu_id,
        later.team_id,
    ):
        raise ValueError("The two inspections cover different scopes.")
    if (earlier.start_date, earlier.pk) > (later.start_date, later.pk):
        earlier, later = later, earlier
    by_code: dict[str, dict] = {}
    judgements = (
        Judgement.objects.filter(inspection__in=[earlier, later])
        .select_related("criterion")
        .order_by("criterion__order", "criterion__code")
    )
    for judgement in judgements:
        side = "earlier" if judgement.inspection_id == earlier.pk else "later"
        row = by_code.setdefault(
            judgement.criterion.code,
            {
                "code": judgement.criterion.code,
                "text": judgement.criterion.text,
                "theme": judgement.criterion.theme,
                "metric": judgement.criterion.metric,
                "earlier": None,
                "later": None,
            },
        )
        row[side] = judgement
    rank = {"red": 0, "amber": 1, "green": 2, "failing": 0, "meeting": 1, "exceeding": 2}
    rows = []
    for row in by_code.values():
        before, after = row["earlier"], row["later"]
        g1 = before.grade if before else ""
        g2 = after.grade if after else ""
        moved = ""
        if g1 and g2 and g1 != g2:
            if g1 in rank and g2 in rank and rank[g1] != rank[g2]:
                moved = "better" if rank[g2] > rank[g1] else "worse"
            else:
                moved = "changed"
        v1 = before.computed_evidence.get("value") if before else None
        v2 = after.computed_evidence.get("value") if after else None
        rows.append(
            {
                **row,
                "earlier_value": v1,
                "later_value": v2,
                "grade_moved": moved,
                "value_moved": (v2 - v1) if v1 is not None and v2 is not None else None,
            }
        )
    repeats = list(
        Recommendation.objects.filter(inspection=later, repeats__inspection=earlier)
        .select_related("repeats")
        .order_by("id")
    )
    return {
        "earlier": earlier,
        "later": later,
        "rows": rows,
        "themes": {
            "earlier": inspection_grades(inspection=earlier),
            "later": inspection_grades(inspection=later),
        },
        "repeats": repeats,
    }


def recommendation_owners(scope: Scope, *, inspection: Inspection):
    """The police users of the inspection's force who may be named owner of one of its
    recommendations (partners are not: they are not inspected)."""
    return (
        users_nameable(scope)
        .filter(is_active=True)
        .exclude(role="partner")
        .order_by("last_name", "first_name", "username")
    )


def recommendations_repeatable(scope: Scope, *, inspection: Inspection):
    """Recommendations of earlier inspections of the same force that a new recommendation of
    ``inspection`` may repeat (the model's rule), newest first."""
    return (
        recommendations_visible(scope)
        .filter(
            inspection__force_id=inspection.force_id,
            inspection__start_date__lte=inspection.start_date,
        )
        .exclude(inspection=inspection)
        .select_related("inspection")
        .order_by("-inspection__start_date", "id")
    )
