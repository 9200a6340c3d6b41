"""Reads for problem solving: who may read and change plans (DESIGN.md section 5)."""

import datetime as dt

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat
from django.utils import timezone

from npms.scope import OFFICER, Scope
from teams.selectors import neighbourhoods_manageable, neighbourhoods_visible

from .models import Action, ActionCategory, Plan, PlanReview, Stage


def plans_visible(scope: Scope) -> QuerySet[Plan]:
    """Plans are a force-wide library: every police role reads every plan of its force, so a
    team facing a problem finds what worked elsewhere (``seeds/004...`` lines 7472-7477,
    "searchable and accessible"). A partner reads, in its neighbourhoods only, the plans it
    owns, has actions on or takes part in (``Plan.partners``); the public none."""
    if scope.superuser:
        return Plan.objects.all()
    if scope.is_partner:
        acts_on = Action.objects.filter(plan=OuterRef("pk"), owner_partner_id=scope.partner_id)
        takes_part = Plan.partners.through.objects.filter(
            plan_id=OuterRef("pk"), partner_id=scope.partner_id
        )
        return Plan.objects.filter(neighbourhood__in=neighbourhoods_visible(scope)).filter(
            Q(owner_partner_id=scope.partner_id) | Exists(acts_on) | Exists(takes_part)
        )
    if scope.is_police and scope.force_id:
        return Plan.objects.filter(neighbourhood__force_id=scope.force_id)
    return Plan.objects.none()


def plans_manageable(scope: Scope) -> QuerySet[Plan]:
    """Plans the caller may change (fields, stage): a sergeant's team's neighbourhoods', a
    force admin's force's."""
    if scope.superuser:
        return Plan.objects.all()
    return Plan.objects.filter(neighbourhood__in=neighbourhoods_manageable(scope))


def plans_contributable(scope: Scope) -> QuerySet[Plan]:
    """Plans the caller may add actions and reviews to: those it manages, an officer's own
    team's, and a partner's visible ones (DESIGN.md section 5)."""
    if scope.is_partner:
        return plans_visible(scope)
    if scope.has_role(OFFICER):
        return Plan.objects.filter(neighbourhood__teams=scope.team_id)
    return plans_manageable(scope)


def plan_actions_completable(scope: Scope, *, plan: Plan) -> QuerySet[Action]:
    """Actions of ``plan`` the caller may mark done: a partner only its own actions; anyone
    who may contribute to the plan any of them."""
    actions = Action.objects.filter(plan=plan)
    if scope.is_partner:
        return actions.filter(owner_partner_id=scope.partner_id)
    if not plans_contributable(scope).filter(pk=plan.pk).exists():
        return actions.none()
    return actions


# ---------------------------------------------------------------------------------------------
# Plan quality: eight checks, one per item of the seed's minimum content of a plan
# (DESIGN.md section 3; seeds/004_9fc604fdf3343b13.txt lines 7433-7468). Each check is one SQL
# expression, so one plan's checklist and a whole BCU's averages come from the same rules.

QUALITY_MAX = 8
QUALITY_LABELS = {
    "owner_objectives": "An owner (officer or partner) and objectives written",
    "analysis": "Scan, victim, offender, location and data sources written",
    "epic": "Actions for enforcement, prevention, intelligence and communication",
    "risk_impact": "Risk assessment and community-impact assessment written",
    "activity": "At least one action, each with an owner and a due date",
    "review": "Reviewed, and not past its review date",
    "results": "Results assessed and an outcome chosen",
    "closure": "Closed with a justification, the priority signed off by the public",
}


def _written(field: str) -> Q:
    return ~Q(**{f"{field}__regex": r"^\s*$"})


def _quality_checks(as_of: dt.date) -> tuple[dict[str, Q], Coalesce]:
    actions = Action.objects.filter(plan=OuterRef("pk"))
    categories = (
        actions.order_by().values("plan").annotate(n=Count("category", distinct=True)).values("n")
    )
    unowned_or_undated = actions.filter(
        Q(owner__isnull=True, owner_partner__isnull=True) | Q(due_on__isnull=True)
    )
    reviews = PlanReview.objects.filter(plan=OuterRef("pk"))
    return {
        # Title, owner, partners and community groups, objectives (L7433-7436).
        "owner_objectives": (Q(owner__isnull=False) | Q(owner_partner__isnull=False))
        & _written("objectives"),
        # Description of the problem with SARA (L7437-7440).
        "analysis": _written("scan")
        & _written("victim")
        & _written("offender")
        & _written("location")
        & _written("data_sources"),
        # Prevention, intelligence and enforcement plans with communication (L7441-7454).
        "epic": Q(epic_categories=len(ActionCategory.values)),
        # Risk assessment and community-impact assessment (L7455-7456).
        "risk_impact": _written("risk_assessment") & _written("community_impact"),
        # Record of activity and action owners (L7458-7459).
        "activity": Exists(actions) & ~Exists(unowned_or_undated),
        # Monitoring and review (L7461). A closed plan is judged on the day it closed.
        "review": Exists(reviews)
        & (
            Q(next_review_on__isnull=True)
            | Q(closed_on__isnull=True, next_review_on__gte=as_of)
            | Q(closed_on__isnull=False, next_review_on__gte=F("closed_on"))
        ),
        # Conclusions of results analysis (L7463).
        "results": _written("assessment") & ~Q(outcome=""),
        # Decision to close and its justification, only when those who raised the issue are
        # satisfied (L7465-7468).
        "closure": Q(stage=Stage.CLOSED)
        & _written("closure_justification")
        & (Q(priority__isnull=True) | Q(priority__status="closed", priority__public_signoff=True)),
    }, Coalesce(Subquery(categories), 0)


def plans_with_quality(plans: QuerySet[Plan], *, as_of: dt.date | None = None) -> QuerySet[Plan]:
    """``plans`` with one boolean ``q_<code>`` per quality check and ``quality_score`` (0-8),
    computed in the same query (as of ``as_of``, default today)."""
    as_of = as_of or timezone.localdate()
    checks, categories = _quality_checks(as_of)
    plans = plans.annotate(epic_categories=categories)
    plans = plans.annotate(
        **{f"q_{code}": ExpressionWrapper(rule, BooleanField()) for code, rule in checks.items()}
    )
    score = sum((Case(When(rule, then=1), default=0) for rule in checks.values()), start=Value(0))
    return plans.annotate(quality_score=ExpressionWrapper(score, IntegerField()))


def plan_quality_check(code: str, *, as_of: dt.date) -> ExpressionWrapper:
    """The quality check ``code`` (a key of QUALITY_LABELS) as of ``as_of``, as a boolean
    expression on plans: with ``plans_with_quality``'s other checks it scores a plan as of
    several days in one query (only "review" depends on the day)."""
    checks, _categories = _quality_checks(as_of)
    return ExpressionWrapper(checks[code], BooleanField())


def plan_quality_of(plan: Plan) -> dict:
    """The checklist of a plan already annotated by ``plans_with_quality``."""
    checks = [
        {"code": code, "label": label, "met": bool(getattr(plan, f"q_{code}"))}
        for code, label in QUALITY_LABELS.items()
    ]
    return {
        "score": sum(check["met"] for check in checks),
        "max": QUALITY_MAX,
        "checks": checks,
    }


def plan_quality(plan: Plan, *, as_of: dt.date | None = None) -> dict:
    """``{"score", "max": 8, "checks": [{"code", "label", "met"}]}`` for one plan, as of
    ``as_of`` (default today), in one query."""
    annotated = plans_with_quality(Plan.objects.filter(pk=plan.pk), as_of=as_of).get()
    return plan_quality_of(annotated)


def plan_quality_averages(
    plans: QuerySet[Plan], *, by: str, as_of: dt.date | None = None
) -> dict[int, dict]:
    """Average quality score of ``plans`` per team (``by="team"``: every team covering the
    plan's neighbourhood), per BCU (``by="bcu"``) or per force (``by="force"``):
    ``{id: {"plans", "average"}}``, in one query."""
    key = {
        "team": "neighbourhood__teams",
        "bcu": "neighbourhood__bcu",
        "force": "neighbourhood__force",
    }[by]
    rows = (
        plans_with_quality(plans, as_of=as_of)
        .order_by()
        .values(key)
        .annotate(n=Count("pk", distinct=True), average=Avg("quality_score"))
    )
    return {
        row[key]: {"plans": row["n"], "average": float(row["average"])}
        for row in rows
        if row[key] is not None
    }


# ---------------------------------------------------------------------------------------------
# The library's full-text search (DESIGN.md section 6): the ``search`` document kept by the
# triggers of migration 0002 (title weighted highest), English stemming, web-search syntax
# ("quoted phrases", -excluded, or).

SEARCH_CONFIG = "english"
# Markers PostgreSQL puts around matched words; private-use characters, so no text a user
# typed can forge them and the page escapes everything else before turning them into <mark>.
MARK_START = "\ue000"
MARK_STOP = "\ue001"


def plans_search(plans: QuerySet[Plan], words: str) -> QuerySet[Plan]:
    """``plans`` matching ``words`` (websearch_to_tsquery, English), best match first
    (``search_rank``; a title match outranks a passing mention), then newest."""
    query = SearchQuery(words, config=SEARCH_CONFIG, search_type="websearch")
    return (
        plans.filter(search=query)
        .annotate(search_rank=SearchRank(F("search"), query))
        .order_by("-search_rank", "-opened_on", "-id")
    )


def plans_search_headlines(plans: QuerySet[Plan], words: str) -> QuerySet[Plan]:
    """``plans`` with ``title_headline`` and ``text_headline``: the title and the best
    fragments of the plan's text with the matched words between MARK_START and MARK_STOP."""
    query = SearchQuery(words, config=SEARCH_CONFIG, search_type="websearch")
    marks = {"start_sel": MARK_START, "stop_sel": MARK_STOP}
    text = Concat(
        *[
            part
            for field in (
                "scan",
                "victim",
                "offender",
                "location",
                "response_summary",
                "assessment",
            )
            for part in (F(field), Value(" … "))
        ],
        output_field=TextField(),
    )
    return plans.annotate(
        title_headline=SearchHeadline(
            "title", query, config=SEARCH_CONFIG, highlight_all=True, **marks
        ),
        text_headline=SearchHeadline(
            text, query, config=SEARCH_CONFIG, max_fragments=2, max_words=25, min_words=8, **marks
        ),
    )


def plan_open_on(day: dt.date) -> Q:
    """Plans open on ``day``: opened on or before it and not closed by then (closed after it)."""
    return Q(opened_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def plan_review_overdue_on(day: dt.date) -> Q:
    """Plans past their review on ``day``: open on ``day`` with ``next_review_on`` before it.
    The one definition behind the dashboards' "Plans past review" and the library's
    ``review=overdue`` filter, so the cell's number and its list agree."""
    return plan_open_on(day) & Q(next_review_on__lt=day)


# How far ahead a plan's review counts as "due" on the team home and in the reminders.
REVIEW_DUE_SOON_DAYS = 7


def plans_review_due(
    plans: QuerySet[Plan], *, as_of: dt.date, within_days: int = REVIEW_DUE_SOON_DAYS
) -> QuerySet[Plan]:
    """Open ``plans`` whose review is past (``next_review_on`` before ``as_of``: annotated
    ``review_overdue`` true) or due within ``within_days``, soonest first."""
    return (
        plans.exclude(stage=Stage.CLOSED)
        .filter(next_review_on__lte=as_of + dt.timedelta(days=within_days))
        .annotate(review_overdue=ExpressionWrapper(Q(next_review_on__lt=as_of), BooleanField()))
        .order_by("next_review_on", "title")
    )
