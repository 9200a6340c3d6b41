from django.contrib import admin

from .models import MetricSnapshot, ReminderRun, SnapshotNight, SnapshotPiece


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


class SnapshotPieceInline(admin.TabularInline):
    model = SnapshotPiece
    # The label names a "bcus" piece's BCUs and teams as planned ("Metropolitan Police /
    # Camden, Islington (2 BCUs, 41 teams)").
    fields = [
        "label",
        "kind",
        "queue",
        "status",
        "rows",
        "attempts",
        "ran_on",
        "message",
        "finished_at",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(SnapshotNight)
class SnapshotNightAdmin(admin.ModelAdmin):
    """Read-only: the nightly job's record of each night, piece by piece."""

    list_display = [
        "date",
        "status",
        "pieces",
        "pieces_done",
        "pieces_failed",
        "rows",
        "started_at",
        "finished_at",
    ]
    list_filter = ["status"]
    date_hierarchy = "date"
    inlines = [SnapshotPieceInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
