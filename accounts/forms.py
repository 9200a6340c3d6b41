"""The sign-in form, throttled against password guessing (OWASP ASVS V6 / DESIGN.md section 9)."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError


def _key(username: str) -> str:
    return f"login-failures:{username.strip().lower()}"


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuses a username after ``LOGIN_FAILURE_LIMIT`` failed sign-ins within
    ``LOGIN_FAILURE_WINDOW_SECONDS``, whatever the password, until the window passes.

    Counted per username in the shared cache (Redis), so every web process sees the same count;
    a successful sign-in clears it.
    """

    def clean(self):
        username = self.data.get("username", "") or ""
        failures = cache.get(_key(username), 0)
        if failures >= settings.LOGIN_FAILURE_LIMIT:
            minutes = settings.LOGIN_FAILURE_WINDOW_SECONDS // 60
            raise ValidationError(
                f"Too many failed sign-ins for this username. Try again in {minutes} minutes "
                "or ask your force administrator to reset your password.",
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            try:
                cache.incr(_key(username))
            except ValueError:
                cache.set(_key(username), 1, settings.LOGIN_FAILURE_WINDOW_SECONDS)
            raise
        cache.delete(_key(username))
        return cleaned
