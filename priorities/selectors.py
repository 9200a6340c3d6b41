"""Reads for priorities: who may see and change them, and their review status."""

import datetime as dt

from django.db.models import (
    BooleanField,
    DateField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce

from npms.scope import Scope
from teams.selectors import neighbourhoods_manageable, neighbourhoods_visible

from .models import Priority, PriorityReview, ReviewKind


def priority_review_status(queryset: QuerySet[Priority], *, as_of: dt.date) -> QuerySet[Priority]:
    """Annotate each priority with its review status on ``as_of`` (DESIGN.md 4.3):

    ``last_review`` the latest formal review dated on or before ``as_of`` (else ``date_set``),
    ``review_due`` = last_review + the force's ``priority_review_days``, and
    ``review_overdue`` when as_of - last_review > priority_review_days, i.e. review_due < as_of.
    One query, whatever the number of priorities.
    """
    latest_review = (
        PriorityReview.objects.filter(
            priority=OuterRef("pk"), kind=ReviewKind.REVIEW, date__lte=as_of
        )
        .order_by("-date")
        .values("date")[:1]
    )
    return (
        queryset.annotate(
            last_review=Coalesce(Subquery(latest_review), F("date_set"), output_field=DateField())
        )
        .annotate(
            # PostgreSQL adds an integer number of days to a date.
            review_due=ExpressionWrapper(
                F("last_review") + F("neighbourhood__force__priority_review_days"),
                output_field=DateField(),
            ),
        )
        .annotate(
            review_overdue=ExpressionWrapper(Q(review_due__lt=as_of), output_field=BooleanField())
        )
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
