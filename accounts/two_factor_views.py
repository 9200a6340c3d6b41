"""Two-factor sign-in pages (TOTP, django-otp): after the password, a force administrator or
superuser enters the code from their authenticator app; one with no device sets one up first
(the otpauth:// link, the secret to type in, and a QR code drawn by segno)."""

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from accounts import services
from accounts.selectors import two_factor_device
from npms.form_errors import add_service_errors, error_context


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code from your authenticator app",
        help_text="6 digits, for example 123456.",
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return "/"
    return target


@login_required
def two_factor(request):
    """Enter the code of the user's device; without a device, set one up first."""
    device = two_factor_device(request.user)
    if device is None:
        return redirect(f"/accounts/two-factor/setup/?next={_next(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("token", "The code is not right. Enter the 6 digits the app shows now.")
    return render(
        request,
        "accounts/two_factor.html",
        {"form": form, "next": _next(request), **error_context(form)},
    )


@login_required
def two_factor_setup(request):
    """Set up an authenticator app: scan the QR code (or type the secret), enter a code."""
    if two_factor_device(request.user) is not None:
        return redirect("two_factor")
    device = services.totp_device_start(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.totp_device_confirm(device=device, token=form.cleaned_data["token"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            otp_login(request, device)
            return redirect(_next(request))
    url = device.config_url
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": _next(request),
            "otpauth_url": url,
            "secret": services.totp_secret(device),
            "qr_svg": segno.make(url, error="m").svg_inline(scale=4, title="QR code"),
            **error_context(form),
        },
    )
