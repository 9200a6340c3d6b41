"""Reads for accounts: whom the caller may name as an owner, and whose API keys it sees."""

from django.db.models import Q, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from npms.scope import Scope
from teams.selectors import partners_visible

from .models import APIKey, User


def users_of_force(force_id: int | None) -> QuerySet[User]:
    """The users who work in force ``force_id``, whatever their role: those scoped to the
    force, to one of its BCUs or teams, or to one of its partners."""
    return User.objects.filter(
        Q(force_id=force_id)
        | Q(bcu__force_id=force_id)
        | Q(team__bcu__force_id=force_id)
        | Q(partner__force_id=force_id)
    )


def users_nameable(scope: Scope) -> QuerySet[User]:
    """Users the caller may name as the owner of a plan or an action: the users of its force
    (a partner: its own organisation's users). Used to check ids, never listed."""
    if scope.superuser:
        return User.objects.all()
    if not scope.authenticated:
        return User.objects.none()
    if scope.is_partner:
        return User.objects.filter(partner_id=scope.partner_id)
    return users_of_force(scope.force_id)


def api_keys_visible(scope: Scope) -> QuerySet[APIKey]:
    """Partners' API keys: a force administrator's force's; every key for a superuser."""
    if scope.superuser:
        return APIKey.objects.all()
    if not scope.has_role("force_admin"):
        return APIKey.objects.none()
    return APIKey.objects.filter(partner__in=partners_visible(scope))


def two_factor_required(user: User) -> bool:
    """Force administrators and superusers must sign in with a TOTP code as well as a password
    (DESIGN.md section 9). Partners' service users never sign in interactively."""
    return bool(user.is_superuser or user.role == "force_admin")


def two_factor_device(user: User) -> TOTPDevice | None:
    """The user's confirmed TOTP device, or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
