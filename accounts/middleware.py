"""Session lifetime and two-factor enforcement (DESIGN.md section 9, "Accounts").

``SessionLifetimeMiddleware``: a session ends after ``SESSION_IDLE_MINUTES`` without a request
and ``SESSION_MAX_AGE_HOURS`` after sign-in, whatever the activity. The sign-in time and the
last activity are stamped into the session when the user signs in (``accounts.apps``), and the
last activity is rewritten at most once a minute, so an ordinary request writes nothing (a
SESSION_SAVE_EVERY_REQUEST would cost an UPDATE on every request). An ended session is
flushed and the request goes on as anonymous: pages send the user to sign in, the API answers
401/403.

``TwoFactorMiddleware``: a force administrator or superuser signed in with a password but not
yet with a TOTP code (django-otp's ``is_verified()``) may reach only the two-factor pages and
sign-out; a page request is sent to enter a code (or to set up a device first), an API request
gets 403. Requests authenticated by an API key are not sessions and are not affected.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts.selectors import two_factor_required

SIGNED_IN_AT = "npms_signed_in_at"
SEEN_AT = "npms_seen_at"
SEEN_WRITE_INTERVAL_SECONDS = 60


def stamp_session(session, now: float | None = None) -> None:
    """Record the sign-in time (and first activity) in a new session."""
    now = time.time() if now is None else now
    session[SIGNED_IN_AT] = now
    session[SEEN_AT] = now


class SessionLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        session = request.session
        now = time.time()
        signed_in = session.get(SIGNED_IN_AT)
        seen = session.get(SEEN_AT)
        if signed_in is None or seen is None:
            # A session from before this middleware: start its clocks now.
            stamp_session(session, now)
            return
        too_idle = now - seen > settings.SESSION_IDLE_MINUTES * 60
        too_old = now - signed_in > settings.SESSION_MAX_AGE_HOURS * 60 * 60
        if too_idle or too_old:
            logout(request)  # flushes the session; request.user becomes anonymous
            return
        if now - seen >= SEEN_WRITE_INTERVAL_SECONDS:
            session[SEEN_AT] = now


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.TWO_FACTOR_REQUIRED
            and user.is_authenticated
            and two_factor_required(user)
            and not user.is_verified()
            and not self._exempt(request.path)
        ):
            if request.path.startswith("/api/"):
                # The API's one error shape (npms.exceptions).
                return JsonResponse(
                    {
                        "error": {
                            "status": 403,
                            "code": "two_factor_required",
                            "message": "Enter your two-factor code in the browser first.",
                        }
                    },
                    status=403,
                )
            target = reverse("two_factor")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        allowed = (
            reverse("two_factor"),
            reverse("two_factor_setup"),
            reverse("logout"),
            settings.STATIC_URL,
        )
        return path.startswith(allowed)
