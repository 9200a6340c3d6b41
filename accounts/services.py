"""Writes for accounts: partners' API keys, deactivating a user, two-factor devices.

A key acts for one ``teams.Partner``. Requests made with it are authenticated as that
partner's *service user*: a real ``User`` with role ``partner`` and ``partner`` set, which
cannot sign in (unusable password). So ``npms.scope.Scope``, history records and "author" fields
work for API-key requests exactly as for a partner who signs in.
"""

import datetime as dt
from base64 import b32encode

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import APIKey, Role, User
from npms.scope import Scope
from teams.models import Partner


def partner_service_username(partner_id: int) -> str:
    return f"partner-api-{partner_id}"


@transaction.atomic
def partner_service_user_get_or_create(*, partner: Partner) -> User:
    """The user that API keys of ``partner`` authenticate as (made on first use)."""
    user, created = User.objects.get_or_create(
        username=partner_service_username(partner.pk),
        defaults={
            "role": Role.PARTNER,
            "partner": partner,
            "first_name": partner.name[:150],
            "last_name": "(API)",
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _check_admin(created_by: User, partner: Partner) -> None:
    scope = Scope.of(created_by)
    if scope.superuser:
        return
    if not (scope.has_role("force_admin") and scope.force_id == partner.force_id):
        raise ValidationError(
            {"partner": "Only an administrator of the partner's force may manage its keys."}
        )


@transaction.atomic
def api_key_create(
    *,
    partner: Partner,
    name: str,
    created_by: User,
    expires_at: dt.datetime | None = None,
) -> tuple[APIKey, str]:
    """Make a key for ``partner``; return the key and the raw secret.

    Only the SHA-256 of the secret is stored: the raw value is returned here once and cannot
    be shown again. ``expires_at`` must be in the future (or None for no expiry).
    """
    _check_admin(created_by, partner)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Give the key a name (e.g. the system that will use it)."})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "The expiry must be in the future."})
    raw, prefix, hashed = APIKey.generate()
    key = APIKey(
        partner=partner,
        name=name,
        prefix=prefix,
        hashed_key=hashed,
        created_by=created_by,
        expires_at=expires_at,
    )
    key.full_clean()
    key.save()
    partner_service_user_get_or_create(partner=partner)
    return key, raw


@transaction.atomic
def api_key_revoke(*, key: APIKey, revoked_by: User) -> APIKey:
    """Revoke a key at once; later requests with it get 401. Revoking twice changes nothing."""
    _check_admin(revoked_by, key.partner)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at", "updated_at"])
    return key


def api_key_touch(*, key: APIKey, now: dt.datetime, interval_seconds: int = 60) -> None:
    """Record that ``key`` was used, at most once per ``interval_seconds`` (one UPDATE)."""
    if key.last_used_at is not None and (now - key.last_used_at).total_seconds() < interval_seconds:
        return
    APIKey.objects.filter(pk=key.pk).update(last_used_at=now)
    key.last_used_at = now


# -- deactivating a user ------------------------------------------------------------------------


@transaction.atomic
def user_deactivate(*, user: User, deactivated_by: User | None = None) -> dict:
    """Deactivate ``user`` and cut their access at once (DESIGN.md section 9): ``is_active``
    False, every session of theirs deleted, and, for a partner's user (a person or the
    partner's API service user), every active API key of that partner revoked, since keys act
    for the partner as a whole. Returns ``{"sessions": n, "keys": n}`` ended. Deactivating an
    inactive user changes nothing more."""
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
    ended = user_sessions_end(user=user)
    revoked = 0
    if user.role == Role.PARTNER and user.partner_id:
        revoked = APIKey.objects.filter(partner_id=user.partner_id, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), updated_at=timezone.now()
        )
    return {"sessions": ended, "keys": revoked}


def user_sessions_end(*, user: User) -> int:
    """Delete every unexpired database session that belongs to ``user``; return how many.

    Sessions store the user id only inside their encoded data, so each live session is
    decoded (one query, then one DELETE)."""
    user_id = str(user.pk)
    mine = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(session_key__in=mine).delete()
    return len(mine)


# -- two-factor devices ---------------------------------------------------------------------


@transaction.atomic
def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device ``user`` is setting up (made on first call, the same one
    after, so reloading the page keeps the secret the phone already scanned)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def totp_secret(device: TOTPDevice) -> str:
    """The device's secret in base32, as an authenticator app asks for it when typed in."""
    return b32encode(device.bin_key).decode()


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm a device with a code it generated; refused (naming ``token``) if the code is
    wrong. Other unconfirmed devices of the user are removed."""
    if not device.verify_token((token or "").strip()):
        raise ValidationError(
            {"token": "The code is not right. Enter the 6 digits the app shows now."}
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    return device
