from django.contrib import admin

from .models import AccessLog


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the access log is append-only (no add, change or delete, even for a
    superuser)."""

    list_display = ["at", "user", "action", "object_type", "object_id", "count", "path", "ip"]
    list_filter = ["action", "object_type"]
    search_fields = ["user__username", "path"]
    date_hierarchy = "at"
    readonly_fields = list_display

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
