"""Generators for demo and load-test data (``manage.py seed_demo``).

They live in ``dashboards`` because that app may read (and here write) every other app.
"""

from django.db import transaction
from django.db.models import Q

from .logins import DEMO_LOGINS, DEMO_PASSWORD, demo_login_rows, format_login_table
from .met import MetOptions, build_met
from .midshire import DemoOptions, build_demo

__all__ = [
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "DemoOptions",
    "MetOptions",
    "build_demo",
    "build_met",
    "delete_force",
    "demo_login_rows",
    "format_login_table",
]


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

    in_force = Q(neighbourhood__force=force)
    plans = Plan.objects.filter(in_force)
    for qs in (
        DutyRecord.objects.filter(Q(team__bcu__force=force) | Q(member__force=force)),
        PlanReview.objects.filter(plan__in=plans),
        Action.objects.filter(plan__in=plans),
        plans,
        PriorityReview.objects.filter(priority__neighbourhood__force=force),
        Priority.objects.filter(in_force),
    ):
        qs._raw_delete(qs.db)
    User.objects.filter(
        Q(force=force) | Q(bcu__force=force) | Q(team__bcu__force=force) | Q(partner__force=force)
    ).delete()
    # Teams and neighbourhoods protect their BCU, so they go before the force.
    Team.objects.filter(bcu__force=force).delete()
    Neighbourhood.objects.filter(force=force).delete()
    force.delete()
