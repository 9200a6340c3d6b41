"""django-filter filter sets for SARA plans."""

import django_filters as filters
from django.db.models import Exists, OuterRef
from django.utils import timezone

from npms.filters import UpdatedSinceFilterSet, ref
from problemsolving.models import Action, ActionCategory, Plan, PlanOutcome
from problemsolving.selectors import plan_review_overdue_on, plans_search


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
    force = ref("neighbourhood__force", "Force id.")
    review = filters.ChoiceFilter(
        choices=[("overdue", "Past its review date")],
        method="filter_review",
        label="overdue: open on as_of (default today) with next_review_on before it - the "
        "dashboards' 'Plans past review'.",
    )
    as_of = filters.DateFilter(
        method="filter_as_of", label="The day review=overdue is judged on (YYYY-MM-DD)."
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

    def filter_review(self, queryset, name, value):
        day = self.form.cleaned_data.get("as_of") or timezone.localdate()
        return queryset.filter(plan_review_overdue_on(day))

    def filter_as_of(self, queryset, name, value):
        return queryset  # read by filter_review

    def filter_search(self, queryset, name, value):
        if not value.strip():
            return queryset
        return plans_search(queryset, value)
