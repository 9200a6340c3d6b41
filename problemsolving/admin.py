from django.contrib import admin

from npms.history import HistoryAdmin

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
class PlanAdmin(HistoryAdmin):
    list_display = ["title", "neighbourhood", "stage", "opened_on", "next_review_on", "outcome"]
    list_filter = ["stage", "outcome"]
    search_fields = ["title", "scan"]
    raw_id_fields = ["priority", "neighbourhood", "owner", "owner_partner"]
    list_select_related = ["neighbourhood"]
    inlines = [ActionInline, PlanReviewInline]


# The history of each action and review (DESIGN.md section 9), in words.
@admin.register(Action)
class ActionAdmin(HistoryAdmin):
    list_display = ["description", "plan", "category", "due_on", "done_on"]
    list_filter = ["category"]
    raw_id_fields = ["plan", "owner", "owner_partner"]
    list_select_related = ["plan"]


@admin.register(PlanReview)
class PlanReviewAdmin(HistoryAdmin):
    list_display = ["plan", "date", "reviewer"]
    raw_id_fields = ["plan", "reviewer"]
    list_select_related = ["plan", "reviewer"]
