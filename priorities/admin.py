from django.contrib import admin

from npms.csp import NoncedLeafletGeoAdmin
from npms.history import HistoryAdmin

from .models import Priority, PriorityReview


class PriorityReviewInline(admin.TabularInline):
    model = PriorityReview
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Priority)
class PriorityAdmin(HistoryAdmin, NoncedLeafletGeoAdmin):
    list_display = ["title", "neighbourhood", "category", "status", "date_set", "closed_on"]
    list_filter = ["status", "category", "source", "set_by", "public"]
    search_fields = ["title", "description"]
    date_hierarchy = "date_set"
    raw_id_fields = ["neighbourhood", "raised_at"]
    list_select_related = ["neighbourhood"]
    inlines = [PriorityReviewInline]


@admin.register(PriorityReview)
class PriorityReviewAdmin(HistoryAdmin):
    """Each review's history (DESIGN.md section 9), in words."""

    list_display = ["priority", "date", "kind", "author"]
    list_filter = ["kind"]
    raw_id_fields = ["priority", "author"]
    list_select_related = ["priority"]
