"""Browser pages for accounts: force administrators manage partners' API keys."""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import services
from accounts.selectors import api_keys_visible
from npms.form_errors import SERVICE_ERRORS, add_service_errors
from npms.scope import Scope
from teams.selectors import partners_visible


class APIKeyForm(forms.Form):
    partner = forms.ModelChoiceField(queryset=None, label="Partner")
    name = forms.CharField(
        max_length=100,
        label="Name",
        help_text="What the key is for, e.g. the council's case system.",
    )
    expires_on = forms.DateField(
        required=False,
        label="Expires on (optional)",
        help_text="The key stops working at the start of this day. For example, 31/3/2026.",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners_visible(Scope.of(user)).order_by("name")


def _admin_only(user) -> None:
    scope = Scope.of(user)
    if not (scope.superuser or scope.has_role("force_admin")):
        raise PermissionDenied("Only a force administrator may manage API keys.")


def _keys(user):
    return (
        api_keys_visible(Scope.of(user))
        .select_related("partner", "created_by")
        .order_by("partner__name", "-created_at")
    )


@login_required
def api_keys(request):
    """List the force's partner keys and make a new one; the new key is shown once, here."""
    _admin_only(request.user)
    new_key = None
    if request.method == "POST":
        form = APIKeyForm(request.POST, user=request.user)
        if form.is_valid():
            expires_on = form.cleaned_data["expires_on"]
            expires_at = (
                timezone.make_aware(dt.datetime.combine(expires_on, dt.time.min))
                if expires_on
                else None
            )
            try:
                key, raw = services.api_key_create(
                    partner=form.cleaned_data["partner"],
                    name=form.cleaned_data["name"],
                    created_by=request.user,
                    expires_at=expires_at,
                )
            except SERVICE_ERRORS as error:
                add_service_errors(form, error, field_map={"expires_at": "expires_on"})
            else:
                new_key = {"key": key, "raw": raw}
                form = APIKeyForm(user=request.user)
    else:
        form = APIKeyForm(user=request.user)
    return render(
        request,
        "accounts/api_keys.html",
        {"form": form, "keys": _keys(request.user), "new_key": new_key, "now": timezone.now()},
    )


@login_required
@require_POST
def api_key_revoke(request, pk: int):
    _admin_only(request.user)
    key = get_object_or_404(_keys(request.user), pk=pk)
    services.api_key_revoke(key=key, revoked_by=request.user)
    messages.success(request, f"The key “{key.name}” for {key.partner} is revoked.")
    return redirect("api_keys")
