"""django-filter filter sets for community priorities."""

import django_filters as filters
from django.utils import timezone

from npms.filters import UpdatedSinceFilterSet, ref
from priorities.models import Priority
from priorities.selectors import priorities_past_review


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

    force = ref("neighbourhood__force", "Force id.")
    review = filters.ChoiceFilter(
        choices=[("overdue", "Past its review date")],
        method="filter_review",
        label="overdue: open on as_of (default today) with the formal review overdue then - "
        "the dashboards' 'Priorities past review'.",
    )
    as_of = filters.DateFilter(
        method="filter_as_of", label="The day review=overdue is judged on (YYYY-MM-DD)."
    )

    class Meta:
        model = Priority
        fields = ["status", "category", "source", "set_by", "public"]

    def filter_review(self, queryset, name, value):
        day = self.form.cleaned_data.get("as_of") or timezone.localdate()
        return priorities_past_review(queryset, as_of=day)

    def filter_as_of(self, queryset, name, value):
        return queryset  # read by filter_review
