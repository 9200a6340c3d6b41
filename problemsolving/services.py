"""Writes for SARA problem-solving plans, their EPIC actions and reviews.

Atomic, validated with ``full_clean()``; errors are ``ValidationError`` dicts naming the field;
a stale ``version`` raises ``npms.exceptions.StaleEdit`` (optimistic concurrency).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from npms.exceptions import StaleEdit
from priorities.models import Priority
from teams.models import Neighbourhood, Partner

from .models import Action, Plan, PlanReview, Stage

EDITABLE_FIELDS = {
    "title",
    "owner",
    "owner_partner",
    "scan",
    "victim",
    "offender",
    "location",
    "response_summary",
    "assessment",
    "next_review_on",
    "priority",
}

# SARA runs in order; a plan may step back (new analysis) but not skip ahead past a stage
# whose content is missing.
STAGE_ORDER = [Stage.SCAN, Stage.ANALYSIS, Stage.RESPONSE, Stage.ASSESSMENT, Stage.CLOSED]
# What a plan must hold before it may enter each stage (the problem-solving plan checklist,
# seeds/004_9fc604fdf3343b13.txt lines 7429-7477: problem defined, analysed with the problem
# analysis triangle, responses planned, results assessed).
STAGE_NEEDS = {
    Stage.ANALYSIS: {"scan": "Write the problem statement (scan) before the analysis."},
    Stage.RESPONSE: {
        "victim": "Complete the victim side of the problem analysis triangle.",
        "offender": "Complete the offender side of the problem analysis triangle.",
        "location": "Complete the location side of the problem analysis triangle.",
    },
    Stage.ASSESSMENT: {"response_summary": "Summarise the response before assessing it."},
    Stage.CLOSED: {"assessment": "Write the assessment of the results before closing."},
}


def _check_scope(plan: Plan) -> None:
    errors = {}
    if plan.priority_id and plan.priority.neighbourhood_id != plan.neighbourhood_id:
        errors["priority"] = "The priority belongs to another neighbourhood."
    if plan.owner_partner_id and plan.owner_partner.force_id != plan.neighbourhood.force_id:
        errors["owner_partner"] = "The partner works for another force."
    if errors:
        raise ValidationError(errors)


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
    victim: str = "",
    offender: str = "",
    location: str = "",
    next_review_on: dt.date | None = None,
    author=None,
) -> Plan:
    """Open a SARA plan at the scanning stage, for a priority or a tasked problem."""
    plan = Plan(
        neighbourhood=neighbourhood,
        title=title,
        opened_on=opened_on,
        priority=priority,
        owner=owner,
        owner_partner=owner_partner,
        scan=scan,
        victim=victim,
        offender=offender,
        location=location,
        next_review_on=next_review_on,
        stage=Stage.SCAN,
    )
    _check_scope(plan)
    if next_review_on and next_review_on < opened_on:
        raise ValidationError({"next_review_on": "The review cannot be before the plan opens."})
    plan.full_clean()
    if author is not None:
        plan._history_user = author
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, version: int, author=None, **fields) -> Plan:
    """Change a plan's content; ``version`` is the one the editor read."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
    current = _lock(plan, version)
    for name, value in fields.items():
        setattr(current, name, value)
    _check_scope(current)
    current.full_clean()
    _save_new_version(current, author)
    return current


@transaction.atomic
def plan_advance(
    *,
    plan: Plan,
    version: int,
    stage: str,
    outcome: str = "",
    closed_on: dt.date | None = None,
    author=None,
) -> Plan:
    """Move a plan to another SARA stage. Moving forward needs the content of the stages
    before it; closing needs an outcome and a closing date."""
    current = _lock(plan, version)
    if stage not in STAGE_ORDER:
        raise ValidationError({"stage": f"“{stage}” is not a stage."})
    target = STAGE_ORDER.index(stage)
    if target > STAGE_ORDER.index(current.stage):
        errors = {}
        for step in STAGE_ORDER[1 : target + 1]:
            for field, message in STAGE_NEEDS.get(step, {}).items():
                if not (getattr(current, field) or "").strip():
                    errors[field] = message
        if errors:
            raise ValidationError(errors)
    if stage == Stage.CLOSED:
        if not outcome:
            raise ValidationError({"outcome": "Choose the outcome of the plan."})
        if closed_on is None:
            raise ValidationError({"closed_on": "Give the closing date."})
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
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_complete(*, action: Action, done_on: dt.date) -> Action:
    """Mark an action done."""
    if done_on < action.plan.opened_on:
        raise ValidationError({"done_on": "An action cannot be done before its plan opened."})
    action.done_on = done_on
    action.full_clean()
    action.save(update_fields=["done_on", "updated_at"])
    return action


@transaction.atomic
def plan_review_add(*, plan: Plan, date: dt.date, reviewer, notes: str) -> PlanReview:
    """Record a supervisor's review of a plan."""
    if date < plan.opened_on:
        raise ValidationError({"date": "A review cannot be dated before the plan opened."})
    review = PlanReview(plan=plan, date=date, reviewer=reviewer, notes=notes)
    review.full_clean()
    review.save()
    return review
