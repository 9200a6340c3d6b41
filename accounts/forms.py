"""The sign-in form, throttled against password guessing (OWASP ASVS V6 / DESIGN.md section 9)."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

from accounts.throttling import client_address


def _key(username: str) -> str:
    return f"login-failures:{username.strip().lower()}"


def _address_key(address: str) -> str:
    return f"login-failures-from:{address}"


def _count_failure(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, settings.LOGIN_FAILURE_WINDOW_SECONDS)


class ThrottledAuthenticationForm(AuthenticationForm):
    """Refuses a username after ``LOGIN_FAILURE_LIMIT`` failed sign-ins within
    ``LOGIN_FAILURE_WINDOW_SECONDS``, whatever the password, until the window passes; and
    refuses every sign-in from a client address after ``LOGIN_FAILURE_LIMIT_PER_ADDRESS``
    failures within the window, whatever the usernames (guessing one password across many
    accounts). The address is the throttles' one (accounts.throttling.client_address, so
    ``X-Forwarded-For`` counts only behind ``NUM_PROXIES`` trusted proxies).

    Counted in the shared cache (Redis), so every web process sees the same count; a
    successful sign-in clears the username's count, not the address's (one good account must
    not reset an attacker's count).
    """

    def clean(self):
        username = self.data.get("username", "") or ""
        address = client_address(self.request) if self.request is not None else None
        minutes = settings.LOGIN_FAILURE_WINDOW_SECONDS // 60
        if cache.get(_key(username), 0) >= settings.LOGIN_FAILURE_LIMIT:
            raise ValidationError(
                f"Too many failed sign-ins for this username. Try again in {minutes} minutes "
                "or ask your force administrator to reset your password.",
                code="throttled",
            )
        if address and cache.get(_address_key(address), 0) >= (
            settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
        ):
            raise ValidationError(
                f"Too many failed sign-ins from this network address. Try again in {minutes} "
                "minutes.",
                code="throttled",
            )
        try:
            cleaned = super().clean()
        except ValidationError:
            _count_failure(_key(username))
            if address:
                _count_failure(_address_key(address))
            raise
        cache.delete(_key(username))
        return cleaned
