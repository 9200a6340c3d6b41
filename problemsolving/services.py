"""Writes for SARA problem-solving plans, their EPIC actions and reviews.

Atomic, validated with ``full_clean()``; errors are ``ValidationError`` dicts naming the field;
a stale ``version`` raises ``npms.exceptions.StaleEdit`` (optimistic concurrency).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from npms.dates import refuse_implausible
from npms.exceptions import StaleEdit
from priorities.models import Priority
from teams.models import Neighbourhood, Partner

from .models import Action, Plan, PlanReview, Stage

# What an editor may change; ``next_review_on`` is never typed in (it follows the reviews)
# and the stage, outcome and closing date move only through ``plan_advance``.
EDITABLE_FIELDS = {
    "title",
    "owner",
    "owner_partner",
    "scan",
    "objectives",
    "victim",
    "offender",
    "location",
    "data_sources",
    "partners",
    "risk_assessment",
    "community_impact",
    "response_summary",
    "assessment",
    "closure_justification",
    "priority",
}

# SARA runs in order; a plan may step back (new analysis) but not skip ahead past a stage
# whose content is missing.
STAGE_ORDER = [Stage.SCAN, Stage.ANALYSIS, Stage.RESPONSE, Stage.ASSESSMENT, Stage.CLOSED]
# What a plan's text must hold before it may enter each stage (DESIGN.md section 3; the
# problem-solving plan's minimum content, seeds/004_9fc604fdf3343b13.txt lines 7429-7468:
# problem described, analysed with the problem analysis triangle, responses planned, results
# analysed, a justified decision to close). The actions and the priority are checked apart.
STAGE_NEEDS = {
    Stage.ANALYSIS: {"scan": "Write the problem statement (scan) before the analysis."},
    Stage.RESPONSE: {
        "victim": "Complete the victim side of the problem analysis triangle.",
        "offender": "Complete the offender side of the problem analysis triangle.",
        "location": "Complete the location side of the problem analysis triangle.",
    },
    Stage.CLOSED: {
        "assessment": "Write the assessment of the results before closing.",
        "closure_justification": "Say why the plan can close.",
    },
}
NEEDS_ACTION = "Add at least one action to the response before assessing it."
PRIORITY_NOT_SIGNED_OFF = (
    "The priority this plan serves must be closed, with the public's sign-off, before the "
    "plan closes."
)


def plan_review_due(*, plan: Plan, after: dt.date) -> dt.date:
    """The date a plan's next review is due when the last review (or the opening) was on
    ``after``: ``Force.plan_review_days`` later (domain-notes/anchors.md A4.3)."""
    return after + dt.timedelta(days=plan.neighbourhood.force.plan_review_days)


def _check_scope(plan: Plan) -> None:
    errors = {}
    if plan.priority_id and plan.priority.neighbourhood_id != plan.neighbourhood_id:
        errors["priority"] = "The priority belongs to another neighbourhood."
    if plan.owner_partner_id and plan.owner_partner.force_id != plan.neighbourhood.force_id:
        errors["owner_partner"] = "The partner works for another force."
    if errors:
        raise ValidationError(errors)


def _check_partners(plan: Plan, partners) -> None:
    if any(p.force_id != plan.neighbourhood.force_id for p in partners):
        raise ValidationError({"partners": "A partner works for another force."})


def _lock(plan: Plan, version: int) -> Plan:
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if int(version) != current.version:
        raise StaleEdit("plan", int(version), current.version)
    return current


def _save_new_version(plan: Plan, author=None) -> None:
    plan.version += 1  # the row is locked FOR UPDATE by _lock
    if author is not None:
        plan._history_user = author
    plan.save()


@transaction.atomic
def plan_create(
    *,
    neighbourhood: Neighbourhood,
    title: str,
    opened_on: dt.date,
    priority: Priority | None = None,
    owner=None,
    owner_partner: Partner | None = None,
    scan: str = "",
    objectives: str = "",
    victim: str = "",
    offender: str = "",
    location: str = "",
    data_sources: str = "",
    partners: list[Partner] | None = None,
    author=None,
) -> Plan:
    """Open a SARA plan at the scanning stage, for a priority or a BCU-tasked problem; its
    first review falls ``Force.plan_review_days`` after it opens."""
    plan = Plan(
        neighbourhood=neighbourhood,
        title=title,
        opened_on=opened_on,
        priority=priority,
        owner=owner,
        owner_partner=owner_partner,
        scan=scan,
        objectives=objectives,
        victim=victim,
        offender=offender,
        location=location,
        data_sources=data_sources,
        stage=Stage.SCAN,
    )
    # A year like 9999 is a typing slip, and its review date (28 days on) is past the
    # calendar's end: refused naming the field, not a 500 (issue 12 item 5).
    refuse_implausible("opened_on", opened_on)
    _check_scope(plan)
    _check_partners(plan, partners or [])
    plan.next_review_on = plan_review_due(plan=plan, after=opened_on)
    plan.full_clean()
    if author is not None:
        plan._history_user = author
    plan.save()
    if partners:
        plan.partners.set(partners)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, version: int, author=None, **fields) -> Plan:
    """Change a plan's content; ``version`` is the one the editor read."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
    current = _lock(plan, version)
    partners = fields.pop("partners", None)
    for name, value in fields.items():
        setattr(current, name, value)
    _check_scope(current)
    if partners is not None:
        _check_partners(current, partners)
    current.full_clean()
    _save_new_version(current, author)
    if partners is not None:
        current.partners.set(partners)
    return current


@transaction.atomic
def plan_advance(
    *,
    plan: Plan,
    version: int,
    stage: str,
    outcome: str = "",
    closed_on: dt.date | None = None,
    closure_justification: str | None = None,
    author=None,
) -> Plan:
    """Move a plan to another SARA stage by the rules of DESIGN.md section 3: ``analysis``
    needs the scan, ``response`` the three sides of the triangle, ``assessment`` at least one
    action, ``closed`` the assessment, an outcome, a closing date and a justification and,
    when the plan serves a priority, that priority closed with the public's sign-off. A plan
    may step back freely. Every refusal is a ValidationError naming the field; nothing is
    saved then."""
    current = _lock(plan, version)
    if stage not in STAGE_ORDER:
        raise ValidationError({"stage": f"“{stage}” is not a stage."})
    if closure_justification is not None:
        current.closure_justification = closure_justification
    target = STAGE_ORDER.index(stage)
    errors = {}
    if target > STAGE_ORDER.index(current.stage):
        for step in STAGE_ORDER[1 : target + 1]:
            for field, message in STAGE_NEEDS.get(step, {}).items():
                if not (getattr(current, field) or "").strip():
                    errors[field] = message
        if target >= STAGE_ORDER.index(Stage.ASSESSMENT) and not current.actions.exists():
            errors["actions"] = NEEDS_ACTION
    if stage == Stage.CLOSED:
        if not outcome:
            errors["outcome"] = "Choose the outcome of the plan."
        if closed_on is None:
            errors["closed_on"] = "Give the closing date."
        elif closed_on < current.opened_on:
            errors["closed_on"] = "A plan cannot close before it opened."
        # "Decision to close ... only when those who have raised the issue are satisfied with
        # the outcome" (seeds/004_9fc604fdf3343b13.txt lines 7465-7468).
        if current.priority_id:
            served = current.priority
            if served.status != "closed" or not served.public_signoff:
                errors["priority"] = PRIORITY_NOT_SIGNED_OFF
    if errors:
        raise ValidationError(errors)
    if stage == Stage.CLOSED:
        current.outcome = outcome
        current.closed_on = closed_on
    else:
        current.outcome = ""
        current.closed_on = None
    current.stage = stage
    current.full_clean()
    _save_new_version(current, author)
    return current


@transaction.atomic
def action_create(
    *,
    plan: Plan,
    category: str,
    description: str,
    owner=None,
    owner_partner: Partner | None = None,
    due_on: dt.date | None = None,
) -> Action:
    """Add an enforcement, prevention, intelligence or communication action (EPIC)."""
    action = Action(
        plan=plan,
        category=category,
        description=description,
        owner=owner,
        owner_partner=owner_partner,
        due_on=due_on,
    )
    if owner_partner is not None and owner_partner.force_id != plan.neighbourhood.force_id:
        raise ValidationError({"owner_partner": "The partner works for another force."})
    if plan.stage == Stage.CLOSED:
        raise ValidationError({"plan": "The plan is closed."})
    refuse_implausible("due_on", due_on)
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_complete(*, action: Action, done_on: dt.date) -> Action:
    """Mark an action done."""
    if done_on < action.plan.opened_on:
        raise ValidationError({"done_on": "An action cannot be done before its plan opened."})
    action.done_on = done_on
    refuse_implausible("done_on", done_on)
    action.full_clean()
    action.save(update_fields=["done_on", "updated_at"])
    return action


@transaction.atomic
def plan_review_add(*, plan: Plan, date: dt.date, reviewer, notes: str) -> PlanReview:
    """Record a supervisor's review of a plan; the next review then falls
    ``Force.plan_review_days`` after the latest review's date (a review entered late, dated
    before an earlier one, does not pull the date back)."""
    refuse_implausible("date", date)  # the next review falls after it (issue 12 item 5)
    if date < plan.opened_on:
        raise ValidationError({"date": "A review cannot be dated before the plan opened."})
    review = PlanReview(plan=plan, date=date, reviewer=reviewer, notes=notes)
    review.full_clean()
    if reviewer is not None:
        review._history_user = reviewer
    review.save()
    current = Plan.objects.select_for_update().select_related("neighbourhood__force")
    current = current.get(pk=plan.pk)
    latest = max(PlanReview.objects.filter(plan=current).values_list("date", flat=True))
    current.next_review_on = plan_review_due(plan=current, after=latest)
    if reviewer is not None:
        current._history_user = reviewer
    current.save(update_fields=["next_review_on", "updated_at"])
    plan.next_review_on = current.next_review_on
    return review
