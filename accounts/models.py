"""Users, their roles and scopes, and partners' API keys."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone

from npms.models import TimeStampedModel
from teams.models import Team


class Role(models.TextChoices):
    FORCE_ADMIN = "force_admin", "Force administrator"
    FORCE_VIEWER = "force_viewer", "Force viewer"
    BCU_COMMANDER = "bcu_commander", "BCU commander"
    SERGEANT = "sergeant", "Neighbourhood sergeant"
    OFFICER = "officer", "Neighbourhood officer"
    PARTNER = "partner", "Partner"
    INSPECTOR = "inspector", "Inspector (HMIC)"


# The values above are also npms.scope's role names (npms sits below every app, so it
# repeats them as plain strings); tests/accounts/test_roles.py keeps the two lists equal.


class User(AbstractUser):
    """A person who signs in. The role says what they may do; the scope fields, where."""

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.OFFICER)
    force = models.ForeignKey(
        "teams.Force", on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    bcu = models.ForeignKey(
        "teams.BCU", on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    team = models.ForeignKey(
        "teams.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    partner = models.ForeignKey(
        "teams.Partner", on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )

    class Meta:
        constraints = [
            # Every role but a superuser's needs the scope its role reads.
            models.CheckConstraint(
                condition=Q(is_superuser=True)
                | ~Q(role__in=["force_admin", "force_viewer", "inspector"])
                | Q(force__isnull=False),
                name="user_force_role_has_force",
            ),
            models.CheckConstraint(
                condition=Q(is_superuser=True) | ~Q(role="bcu_commander") | Q(bcu__isnull=False),
                name="user_bcu_commander_has_bcu",
            ),
            models.CheckConstraint(
                condition=Q(is_superuser=True)
                | ~Q(role__in=["sergeant", "officer"])
                | Q(team__isnull=False),
                name="user_team_role_has_team",
            ),
            models.CheckConstraint(
                condition=Q(is_superuser=True) | ~Q(role="partner") | Q(partner__isnull=False),
                name="user_partner_role_has_partner",
            ),
        ]

    @property
    def scope_force_id(self) -> int | None:
        """The force this user works in, whatever the role."""
        if self.force_id:
            return self.force_id
        if self.bcu_id:
            return self.bcu.force_id
        if self.team_id:
            # One query for the team's BCU's force (issue 15), not the team and then its BCU,
            # unless the team is loaded already.
            if User.team.field.is_cached(self):
                return self.team.bcu.force_id
            return Team.objects.filter(pk=self.team_id).values_list("bcu__force_id", flat=True)[0]
        if self.partner_id:
            return self.partner.force_id
        return None


def _hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class APIKey(TimeStampedModel):
    """A partner's API key. Only its SHA-256 is stored; the key is shown once when made."""

    partner = models.ForeignKey("teams.Partner", on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    hashed_key = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API key"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.partner}: {self.name} ({self.prefix}…)"

    @staticmethod
    def generate() -> tuple[str, str, str]:
        """Return (raw key, prefix, hash) for a new key."""
        prefix = secrets.token_hex(4)
        raw = f"npms_{prefix}_{secrets.token_urlsafe(32)}"
        return raw, prefix, _hash_key(raw)

    @staticmethod
    def hash(raw: str) -> str:
        return _hash_key(raw)

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
