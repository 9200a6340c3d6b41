from django.contrib import admin

from .models import MetricSnapshot, ReminderRun


@admin.register(MetricSnapshot)
class MetricSnapshotAdmin(admin.ModelAdmin):
    list_display = ["metric", "scope_type", "scope_id", "start", "end", "computed_at"]
    list_filter = ["metric", "scope_type"]
    date_hierarchy = "end"


@admin.register(ReminderRun)
class ReminderRunAdmin(admin.ModelAdmin):
    list_display = ["date", "team", "items", "sent_at"]
    list_filter = ["date"]
    list_select_related = ["team"]
