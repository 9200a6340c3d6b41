"""Reads for problem solving: who may read and change plans (DESIGN.md section 5)."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from npms.scope import OFFICER, Scope
from teams.selectors import neighbourhoods_manageable, neighbourhoods_visible

from .models import Action, Plan


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
