"""engagement selectors."""

import datetime as dt

from django.db.models import (
    BooleanField,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Value,
)

from .models import PublicContact


def contact_response_status(
    queryset: QuerySet[PublicContact], *, now: dt.datetime
) -> QuerySet[PublicContact]:
    """Annotate each contact with its response deadline and whether it is overdue at ``now``.

    ``respond_by`` = received_at + the force's ``contact_response_hours`` (DESIGN.md 4.4);
    ``overdue`` when it has not been answered and ``now`` is past ``respond_by``;
    ``answered_late`` when the answer came after ``respond_by``. One query.
    """
    hours = ExpressionWrapper(
        F("neighbourhood__force__contact_response_hours") * Value(dt.timedelta(hours=1)),
        output_field=DurationField(),
    )
    return (
        queryset.annotate(
            respond_by=ExpressionWrapper(F("received_at") + hours, output_field=DateTimeField())
        )
        .annotate(
            overdue=ExpressionWrapper(
                Q(responded_at__isnull=True, respond_by__lt=now), output_field=BooleanField()
            )
        )
        .annotate(
            answered_late=ExpressionWrapper(
                Q(responded_at__gt=F("respond_by")), output_field=BooleanField()
            )
        )
    )
