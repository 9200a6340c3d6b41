from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Criterion, Framework, Inspection, Judgement, Recommendation, ThemeAssessment


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "grades"]
    search_fields = ["name"]
    inlines = [CriterionInline]


class JudgementInline(admin.TabularInline):
    model = Judgement
    extra = 0
    # Frozen when the inspection opened (DESIGN.md section 3): shown, never edited.
    readonly_fields = ["computed_evidence"]


class ThemeAssessmentInline(admin.TabularInline):
    model = ThemeAssessment
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "framework", "scope_type", "start_date", "end_date"]
    list_filter = ["framework", "scope_type"]
    search_fields = ["title"]
    inlines = [JudgementInline, ThemeAssessmentInline]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["text", "inspection", "status", "due_on"]
    list_filter = ["status"]
    search_fields = ["text"]
