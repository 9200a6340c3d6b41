"""django-filter filter sets for SARA plans."""

import django_filters as filters

from npms.filters import UpdatedSinceFilterSet, ref
from problemsolving.models import Plan


class PlanFilter(UpdatedSinceFilterSet):
    neighbourhood = ref("neighbourhood", "Neighbourhood id.")
    team = ref("neighbourhood__teams", "In a neighbourhood this team covers (team id).")
    bcu = ref("neighbourhood__bcu", "BCU id.")
    priority = ref("priority", "Priority id.")
    owner = ref("owner", "Owning user id.")
    owner_partner = ref("owner_partner", "Owning partner id.")
    opened_on = filters.DateFromToRangeFilter(
        label="Opened between opened_on_after and opened_on_before (inclusive)."
    )
    next_review_on = filters.DateFromToRangeFilter(
        label="Next review between next_review_on_after and next_review_on_before (inclusive)."
    )

    class Meta:
        model = Plan
        fields = ["stage"]
