"""Deleting a generated force (``seed_demo --replace``, the demo tests)."""

from django.db import transaction
from django.db.models import Q


@transaction.atomic
def delete_force(force) -> None:
    """Delete a generated force and everything in it, fast.

    The big and history-tracked tables go with plain DELETEs (no per-row signals, so
    django-simple-history does not write a "deleted" copy of millions of duty records);
    the rest cascades from the force. Users scoped to the force are deleted too.
    """
    from accounts.models import User
    from priorities.models import Priority, PriorityReview
    from problemsolving.models import Action, Plan, PlanReview
    from teams.models import DutyRecord, Neighbourhood, Team

    # Plain id lists keep every DELETE a simple indexed scan: a DELETE ... WHERE id IN
    # (SELECT ... joins) can get a nested-loop plan on freshly loaded tables with no
    # statistics yet, and take minutes.
    team_ids = list(Team.objects.filter(bcu__force=force).values_list("pk", flat=True))
    hood_ids = list(Neighbourhood.objects.filter(force=force).values_list("pk", flat=True))
    plan_ids = list(Plan.objects.filter(neighbourhood_id__in=hood_ids).values_list("pk", flat=True))
    priority_ids = list(
        Priority.objects.filter(neighbourhood_id__in=hood_ids).values_list("pk", flat=True)
    )
    for qs in (
        DutyRecord.objects.filter(team_id__in=team_ids),
        PlanReview.objects.filter(plan_id__in=plan_ids),
        Action.objects.filter(plan_id__in=plan_ids),
        Plan.objects.filter(pk__in=plan_ids),
        PriorityReview.objects.filter(priority_id__in=priority_ids),
        Priority.objects.filter(pk__in=priority_ids),
    ):
        qs._raw_delete(qs.db)
    User.objects.filter(
        Q(force=force) | Q(bcu__force=force) | Q(team__bcu__force=force) | Q(partner__force=force)
    ).delete()
    # Teams and neighbourhoods protect their BCU, so they go before the force.
    Team.objects.filter(bcu__force=force).delete()
    Neighbourhood.objects.filter(force=force).delete()
    force.delete()
