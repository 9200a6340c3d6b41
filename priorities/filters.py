"""django-filter filter sets for community priorities."""

import django_filters as filters

from npms.filters import UpdatedSinceFilterSet, ref
from priorities.models import Priority


class PriorityFilter(UpdatedSinceFilterSet):
    neighbourhood = ref("neighbourhood", "Neighbourhood id.")
    team = ref("neighbourhood__teams", "In a neighbourhood this team covers (team id).")
    bcu = ref("neighbourhood__bcu", "BCU id.")
    date_set = filters.DateFromToRangeFilter(
        label="Set between date_set_after and date_set_before (inclusive)."
    )
    closed_on = filters.DateFromToRangeFilter(
        label="Closed between closed_on_after and closed_on_before (inclusive)."
    )

    class Meta:
        model = Priority
        fields = ["status", "category", "source", "set_by", "public"]
