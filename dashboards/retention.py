"""Retention review (issue 12, item 7): which records are past their review age, and
deleting them.

The Management of Police Information code of practice (MoPI) asks forces to review what they
hold and delete what no longer has a policing purpose; its default review period for
information outside the "certain public protection matters" groups is six years, which is
the default age here (``--older-than-years``). The rule for each kind of record, measured
from the last thing that happened to it:

- a closed priority: ``closed_on``; kept while a plan that serves it is kept;
- a closed plan: ``closed_on`` (its actions and reviews go with it);
- a public contact: the reply (``responded_at``), or its receipt if never answered;
- a key individual: the last change to the record (``updated_at``): a relationship nobody
  has touched for the review period.

The rules live here, in ``dashboards`` (which reads every app), because the review spans
engagement, priorities and problem solving. Deleting also removes the records' change history
(simple-history's copies), or the personal data would outlive the record; what was deleted is
logged in ``audit.AccessLog`` as action ``delete``, one row per kind with the count.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Coalesce

from audit.services import access_log_record_deletion
from engagement.models import KeyIndividual, PublicContact
from priorities.models import Priority, PriorityReview, Status
from problemsolving.models import Action, Plan, PlanReview, Stage

DEFAULT_YEARS = 6


def retention_cutoff(*, today: dt.date, years: int) -> dt.date:
    """The day ``years`` before ``today`` (29 February falls back to the 28th)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def plans_past_review(cutoff: dt.date) -> QuerySet[Plan]:
    """Closed plans closed before ``cutoff``."""
    return Plan.objects.filter(stage=Stage.CLOSED, closed_on__lt=cutoff)


def priorities_past_review(cutoff: dt.date) -> QuerySet[Priority]:
    """Closed priorities closed before ``cutoff`` that no kept plan serves."""
    kept_plans = Plan.objects.exclude(pk__in=plans_past_review(cutoff).values("pk"))
    return Priority.objects.filter(status=Status.CLOSED, closed_on__lt=cutoff).exclude(
        pk__in=kept_plans.filter(priority__isnull=False).values("priority_id")
    )


def contacts_past_review(cutoff: dt.date) -> QuerySet[PublicContact]:
    """Contacts whose reply (or, unanswered, receipt) came before ``cutoff``."""
    return PublicContact.objects.annotate(
        last_activity=Coalesce("responded_at", "received_at")
    ).filter(last_activity__date__lt=cutoff)


def key_individuals_past_review(cutoff: dt.date) -> QuerySet[KeyIndividual]:
    """Key individuals whose record was last changed before ``cutoff``."""
    return KeyIndividual.objects.filter(updated_at__date__lt=cutoff)


@dataclass
class Kind:
    object_type: str
    label: str
    queryset: QuerySet


def retention_due(*, cutoff: dt.date) -> list[Kind]:
    """Each kind of record the review covers, with the records past ``cutoff``."""
    return [
        Kind("problemsolving.plan", "closed plans", plans_past_review(cutoff)),
        Kind("priorities.priority", "closed priorities", priorities_past_review(cutoff)),
        Kind("engagement.publiccontact", "public contacts", contacts_past_review(cutoff)),
        Kind("engagement.keyindividual", "key individuals", key_individuals_past_review(cutoff)),
    ]


def _purge_history(model, ids: list[int]) -> None:
    history = getattr(model, "history", None)
    if history is not None and ids:
        history.model.objects.filter(id__in=ids).delete()


@transaction.atomic
def retention_delete(*, cutoff: dt.date, path: str) -> dict[str, int]:
    """Delete every record past ``cutoff`` (plans first, so a priority's plans go before it),
    with their change history, and log one ``delete`` row per kind in the access log.
    Returns ``{object_type: count}``. All or nothing."""
    deleted: dict[str, int] = {}
    for kind in retention_due(cutoff=cutoff):
        ids = list(kind.queryset.values_list("pk", flat=True))
        model = kind.queryset.model
        children: list[tuple] = []
        if model is Plan:
            children = [
                (Action, list(Action.objects.filter(plan_id__in=ids).values_list("pk", flat=True))),
                (
                    PlanReview,
                    list(PlanReview.objects.filter(plan_id__in=ids).values_list("pk", flat=True)),
                ),
            ]
        elif model is Priority:
            children = [
                (
                    PriorityReview,
                    list(
                        PriorityReview.objects.filter(priority_id__in=ids).values_list(
                            "pk", flat=True
                        )
                    ),
                )
            ]
        model.objects.filter(pk__in=ids).delete()
        _purge_history(model, ids)
        for child, child_ids in children:
            _purge_history(child, child_ids)
        deleted[kind.object_type] = len(ids)
        if ids:
            access_log_record_deletion(object_type=kind.object_type, count=len(ids), path=path)
    return deleted
