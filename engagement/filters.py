"""django-filter filter sets for events and public contacts."""

import django_filters as filters

from engagement.models import Event, PublicContact
from npms.filters import DateTimeFromToRangeFilter, UpdatedSinceFilterSet, ref


class EventFilter(UpdatedSinceFilterSet):
    neighbourhood = ref("neighbourhood", "Neighbourhood id.")
    team = ref("team", "Team id.")
    bcu = ref("neighbourhood__bcu", "BCU id (of the event's neighbourhood).")
    start = DateTimeFromToRangeFilter(
        label="Start between start_after and start_before (ISO 8601, inclusive)."
    )

    class Meta:
        model = Event
        fields = ["kind", "public"]


class ContactFilter(UpdatedSinceFilterSet):
    neighbourhood = ref("neighbourhood", "Neighbourhood id.")
    team = ref("team", "Team id.")
    bcu = ref("neighbourhood__bcu", "BCU id.")
    received = DateTimeFromToRangeFilter(
        field_name="received_at",
        label="Received between received_after and received_before (ISO 8601, inclusive).",
    )
    responded = filters.BooleanFilter(
        field_name="responded_at", lookup_expr="isnull", exclude=True, label="Answered or not."
    )

    class Meta:
        model = PublicContact
        fields = ["channel"]
