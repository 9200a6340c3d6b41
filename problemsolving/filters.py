"""django-filter filter sets for SARA plans."""

import django_filters as filters
from django.db.models import Exists, OuterRef

from npms.filters import UpdatedSinceFilterSet, ref
from problemsolving.models import Action, ActionCategory, Plan, PlanOutcome
from problemsolving.selectors import plans_search


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

    outcome = filters.ChoiceFilter(choices=PlanOutcome.choices)
    category = filters.ChoiceFilter(
        choices=ActionCategory.choices,
        method="filter_category",
        label="Has an action of this EPIC category.",
    )
    search = filters.CharFilter(
        method="filter_search",
        label="Full-text search (English stemming) over the title, scan, analyses, response, "
        "assessment and actions; best match first.",
    )

    class Meta:
        model = Plan
        fields = ["stage"]

    def filter_category(self, queryset, name, value):
        return queryset.filter(Exists(Action.objects.filter(plan=OuterRef("pk"), category=value)))

    def filter_search(self, queryset, name, value):
        if not value.strip():
            return queryset
        return plans_search(queryset, value)
