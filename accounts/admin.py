from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.services import user_deactivate

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
    actions = ["deactivate"]

    def save_model(self, request, obj, form, change):
        # Unticking "active" goes through the service, so the user's sessions and API keys
        # end at once (DESIGN.md section 9), not only at their next sign-in.
        deactivating = change and "is_active" in form.changed_data and not obj.is_active
        super().save_model(request, obj, form, change)
        if deactivating:
            self._report(request, obj, user_deactivate(user=obj, deactivated_by=request.user))

    @admin.action(description="Deactivate the selected users (ends sessions, revokes API keys)")
    def deactivate(self, request, queryset):
        for user in queryset:
            self._report(request, user, user_deactivate(user=user, deactivated_by=request.user))

    def _report(self, request, user, ended: dict) -> None:
        self.message_user(
            request,
            f"{user.username} is deactivated: {ended['sessions']} session(s) ended, "
            f"{ended['keys']} API key(s) revoked.",
            messages.SUCCESS,
        )


@admin.register(APIKey)
class APIKeyAdmin(admin.ModelAdmin):
    list_display = ["partner", "name", "prefix", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["partner__force"]
    search_fields = ["name", "prefix", "partner__name"]
    readonly_fields = ["prefix", "hashed_key", "last_used_at", "created_by"]
