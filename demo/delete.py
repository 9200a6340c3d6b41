"""Deleting a generated force (``seed_demo --replace``, the demo tests)."""

from django.db import connection, transaction
from django.db.models import Q

from accounts.models import User
from inspections.models import Inspection, Judgement, Recommendation, ThemeAssessment
from priorities.models import Priority, PriorityReview
from problemsolving.models import Action, Plan, PlanReview
from teams.models import DutyRecord, Neighbourhood, Team


@transaction.atomic
def delete_force(force) -> None:
    """Delete a generated force and everything in it, fast.

    The big and history-tracked tables go with plain SQL DELETEs, children before parents
    (no per-row signals, so django-simple-history does not write a "deleted" copy of millions
    of duty records); the rest cascades from the force. Users scoped to the force are deleted
    too.
    """
    # Plain id lists keep every DELETE a simple indexed scan: a DELETE ... WHERE id IN
    # (SELECT ... joins) can get a nested-loop plan on freshly loaded tables with no
    # statistics yet, and take minutes.
    team_ids = list(Team.objects.filter(bcu__force=force).values_list("pk", flat=True))
    hood_ids = list(Neighbourhood.objects.filter(force=force).values_list("pk", flat=True))
    plan_ids = list(Plan.objects.filter(neighbourhood_id__in=hood_ids).values_list("pk", flat=True))
    priority_ids = list(
        Priority.objects.filter(neighbourhood_id__in=hood_ids).values_list("pk", flat=True)
    )
    inspection_ids = list(Inspection.objects.filter(force=force).values_list("pk", flat=True))
    for model, field, ids in (
        (Judgement, "inspection", inspection_ids),
        (ThemeAssessment, "inspection", inspection_ids),
        (Recommendation, "inspection", inspection_ids),
        (Inspection, "id", inspection_ids),
        (DutyRecord, "team", team_ids),
        (PlanReview, "plan", plan_ids),
        (Action, "plan", plan_ids),
        (Plan, "id", plan_ids),
        (PriorityReview, "priority", priority_ids),
        (Priority, "id", priority_ids),
    ):
        _delete_rows(model, field, ids)
    User.objects.filter(
        Q(force=force) | Q(bcu__force=force) | Q(team__bcu__force=force) | Q(partner__force=force)
    ).delete()
    # Teams and neighbourhoods protect their BCU, so they go before the force.
    Team.objects.filter(bcu__force=force).delete()
    Neighbourhood.objects.filter(force=force).delete()
    force.delete()


def _delete_rows(model, field: str, ids: list[int]) -> None:
    """DELETE the rows of ``model`` whose ``field`` is one of ``ids``, in one statement."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    column = quote(model._meta.get_field(field).column)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE {column} = ANY(%s)", [ids])
