from django.contrib import admin

from npms.history import HistoryAdmin

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


class ThemeAssessmentInline(admin.TabularInline):
    model = ThemeAssessment
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(HistoryAdmin):
    list_display = ["title", "framework", "scope_type", "start_date", "end_date"]
    list_filter = ["framework", "scope_type"]
    search_fields = ["title"]
    inlines = [JudgementInline, ThemeAssessmentInline]


@admin.register(Recommendation)
class RecommendationAdmin(HistoryAdmin):
    list_display = ["text", "inspection", "status", "due_on"]
    list_filter = ["status"]
    search_fields = ["text"]


# The history of each judgement and theme grade (DESIGN.md section 9), in words.
@admin.register(Judgement)
class JudgementAdmin(HistoryAdmin):
    list_display = ["inspection", "criterion", "grade"]
    list_filter = ["grade"]
    raw_id_fields = ["inspection", "criterion"]
    list_select_related = ["inspection", "criterion"]


@admin.register(ThemeAssessment)
class ThemeAssessmentAdmin(HistoryAdmin):
    list_display = ["inspection", "theme", "grade"]
    raw_id_fields = ["inspection"]
