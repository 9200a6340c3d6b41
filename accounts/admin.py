from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import APIKey, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "force", "bcu", "team", "partner"]
    list_filter = ["role", "force", "is_active"]
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Role and scope", {"fields": ("role", "force", "bcu", "team", "partner")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        ("Role and scope", {"fields": ("role", "force", "bcu", "team", "partner")}),
    )


@admin.register(APIKey)
class APIKeyAdmin(admin.ModelAdmin):
    list_display = ["partner", "name", "prefix", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["partner__force"]
    search_fields = ["name", "prefix", "partner__name"]
    readonly_fields = ["prefix", "hashed_key", "last_used_at", "created_by"]
