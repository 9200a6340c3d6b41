"""Reads of priorities and their reviews.

A priority's review status (last formal review, when the next is due, overdue) is
``Priority.objects.with_review_status(as_of)`` in models.py, so every queryset of priorities
has it.
"""

from django.db.models import OuterRef, QuerySet, Subquery

from teams.models import Neighbourhood

from .models import Priority, PriorityReview


def priorities_public(*, neighbourhood: Neighbourhood) -> QuerySet[Priority]:
    """The neighbourhood's public priorities, each annotated with what the public was last
    told: ``action`` (the text of the latest *public* review, update or feedback: "what we
    did") and ``action_date`` (its date); both None when there is none. The latest is the one
    with the latest date, and of those the last written. Non-public priorities and reviews
    never show. The public neighbourhood page and police.uk's ``/{force}/{code}/priorities``
    (``action``, ``action-date``, DESIGN.md section 6) both read this. One query."""
    latest = PriorityReview.objects.filter(priority=OuterRef("pk"), public=True).order_by(
        "-date", "-id"
    )
    return Priority.objects.filter(neighbourhood=neighbourhood, public=True).annotate(
        action=Subquery(latest.values("text")[:1]),
        action_date=Subquery(latest.values("date")[:1]),
    )
