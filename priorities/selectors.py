"""priorities selectors."""

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
