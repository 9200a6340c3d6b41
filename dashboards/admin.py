from django.contrib import admin

from .models import MetricSnapshot


@admin.register(MetricSnapshot)
class MetricSnapshotAdmin(admin.ModelAdmin):
    list_display = ["metric", "scope_type", "scope_id", "start", "end", "computed_at"]
    list_filter = ["metric", "scope_type"]
    date_hierarchy = "end"
