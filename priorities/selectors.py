"""Reads for priorities: who may see and change them, and the public priorities.

A priority's review status (last formal review, when the next is due, overdue) is
``Priority.objects.with_review_status(as_of)`` in models.py, so every queryset of priorities
has it.
"""

import datetime as dt

from django.db.models import OuterRef, Q, QuerySet, Subquery

from npms.scope import Scope
from teams.models import Neighbourhood
from teams.selectors import neighbourhoods_manageable, neighbourhoods_visible

from .models import Priority, PriorityReview


def priority_open_on(day: dt.date, prefix: str = "") -> Q:
    """Priorities open on ``day`` (DESIGN.md 4.3): date_set <= day and (not closed or
    closed_on > day). ``prefix`` reaches them through a relation (``"priority__"``)."""
    return Q(**{f"{prefix}date_set__lte": day}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gt": day})
    )


def priorities_past_review(priorities: QuerySet[Priority], *, as_of: dt.date) -> QuerySet:
    """Of ``priorities``, those open on ``as_of`` whose formal review is overdue then
    (``Priority.objects.with_review_status``): the dashboards' "Priorities past review" and
    the list it opens (``?review=overdue``) both read this, so they agree."""
    return priorities.filter(priority_open_on(as_of)).review_overdue(as_of)


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


# ---------------------------------------------------------------------------------------------
# Who may read and change priorities (DESIGN.md section 5).


def priorities_visible(scope: Scope) -> QuerySet[Priority]:
    """Priorities in the caller's neighbourhoods; a partner only the public ones."""
    if scope.superuser:
        return Priority.objects.all()
    qs = Priority.objects.filter(neighbourhood__in=neighbourhoods_visible(scope))
    return qs if scope.is_police else qs.filter(public=True)


def priorities_manageable(scope: Scope) -> QuerySet[Priority]:
    """Priorities the caller may change (edit, review, close, reopen): those of the
    neighbourhoods of a sergeant's team or a force admin's force."""
    if scope.superuser:
        return Priority.objects.all()
    return Priority.objects.filter(neighbourhood__in=neighbourhoods_manageable(scope))


def priority_reviews_visible(scope: Scope, *, priority: Priority) -> QuerySet[PriorityReview]:
    """A priority's reviews, updates and feedback: all for police, public ones otherwise."""
    reviews = priority.reviews.all()
    return reviews if scope.is_police else reviews.filter(public=True)


def meeting_priorities(scope: Scope, *, event) -> QuerySet[Priority]:
    """The priorities set at ``event`` that the caller may see."""
    return priorities_visible(scope).filter(raised_at=event)


def meeting_reviews(scope: Scope, *, event) -> QuerySet[PriorityReview]:
    """The reviews, updates and feedback made at ``event`` on priorities the caller may see
    (public ones only for partners, as ``priority_reviews_visible``), with their priority,
    in priority title order. One query."""
    reviews = PriorityReview.objects.filter(
        event=event, priority__in=priorities_visible(scope)
    ).select_related("priority")
    if not scope.is_police:
        reviews = reviews.filter(public=True)
    return reviews.order_by("priority__title", "id")
