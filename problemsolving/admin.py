from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, Plan, PlanReview


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    raw_id_fields = ["owner", "owner_partner"]


class PlanReviewInline(admin.TabularInline):
    model = PlanReview
    extra = 0
    raw_id_fields = ["reviewer"]


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "neighbourhood", "stage", "opened_on", "next_review_on", "outcome"]
    list_filter = ["stage", "outcome"]
    search_fields = ["title", "scan"]
    raw_id_fields = ["priority", "neighbourhood", "owner", "owner_partner"]
    list_select_related = ["neighbourhood"]
    inlines = [ActionInline, PlanReviewInline]
