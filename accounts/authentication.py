"""API-key authentication and per-key throttling for partners' systems.

A partner's system sends ``Authorization: Api-Key <key>`` (or ``X-API-Key: <key>``). The key
is looked up by its SHA-256; an unknown, revoked or expired key is refused with 401 in the
API's one error shape. A good key authenticates as the partner's service user
(``accounts.services.partner_service_user_get_or_create``), with ``request.auth`` the key.

The per-key throttle is checked FIRST, on the key's hash, before the key and user look-ups: a
caller over its rate gets 429 for one Redis read and no database query (issue 15: 429s cost
as much as 200s when the throttle ran after authentication).
"""

from django.conf import settings
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import APIKey, Role, User
from accounts.services import api_key_touch, partner_service_username

KEYWORD = "Api-Key"


def _raw_key(request) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header:
        scheme, _, value = header.partition(" ")
        if scheme.lower() == KEYWORD.lower():
            return value.strip()
        return None  # another scheme: not ours
    value = request.META.get("HTTP_X_API_KEY")
    return value.strip() if value is not None else None


class APIKeyAuthentication(BaseAuthentication):
    """Authenticate a partner's system by its API key (2 queries: key, service user)."""

    def authenticate(self, request):
        raw = _raw_key(request)
        if raw is None:
            return None
        if not raw:
            raise exceptions.AuthenticationFailed("The API key is empty.")
        throttle = PartnerKeyThrottle()
        if not throttle.allow_request(request, None):
            raise exceptions.Throttled(wait=throttle.wait())
        key = APIKey.objects.select_related("partner").filter(hashed_key=APIKey.hash(raw)).first()
        if key is None:
            raise exceptions.AuthenticationFailed("The API key is not valid.")
        now = timezone.now()
        if key.revoked_at is not None:
            raise exceptions.AuthenticationFailed("The API key has been revoked.")
        if key.expires_at is not None and key.expires_at <= now:
            raise exceptions.AuthenticationFailed("The API key has expired.")
        user = User.objects.filter(
            username=partner_service_username(key.partner_id),
            role=Role.PARTNER,
            partner_id=key.partner_id,
            is_active=True,
        ).first()
        if user is None:
            raise exceptions.AuthenticationFailed("The partner's API access is disabled.")
        user.partner = key.partner  # scope_force_id without another query
        api_key_touch(
            key=key, now=now, interval_seconds=settings.API_KEY_LAST_USED_INTERVAL_SECONDS
        )
        return user, key

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) to a caller without credentials.
        return KEYWORD


class PartnerKeyThrottle(SimpleRateThrottle):
    """Limit each API key to the ``partner_key`` rate (settings, DEFAULT_THROTTLE_RATES).

    Called by APIKeyAuthentication before it looks the key up (so it is not in
    DEFAULT_THROTTLE_CLASSES: that would count a request twice). The bucket is the SHA-256 of
    the key as sent: only the holder of a key can spend its allowance (a prefix can be copied
    from any key onto garbage), unknown keys get buckets of their own, and databases sharing
    one Redis (test runs side by side) never share a bucket. Requests without a key are not
    counted here.
    """

    scope = "partner_key"

    def get_rate(self):
        # Read at request time, so the rate can be changed in settings (and in tests).
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        raw = _raw_key(request)
        if not raw:
            return None
        return self.cache_format % {"scope": self.scope, "ident": APIKey.hash(raw)}


class APIKeyScheme(OpenApiAuthenticationExtension):
    """Describe the key header in the OpenAPI schema."""

    target_class = "accounts.authentication.APIKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A partner's key, sent as `Authorization: Api-Key <key>` "
            "(the header `X-API-Key: <key>` is accepted too). Keys are made and revoked by "
            "force administrators.",
        }
