"""The caller's scope: who is asking, as plain ids (DESIGN.md sections 1 and 5).

A ``Scope`` is built once per request from the signed-in user (or a partner's API key, whose
service user is a user too) and handed to the apps' selectors, which own the visibility of
their own models: ``priorities_visible(scope)``, ``plans_visible(scope)``,
``members_writable(scope)`` and so on. It holds the role and the force / BCU / team / partner
ids and nothing else, so this module imports no app and runs no query of its own.

Role names are the values of ``accounts.models.Role``; they are repeated here as plain strings
because ``npms`` sits below every app.
"""

from __future__ import annotations

from dataclasses import dataclass

FORCE_ADMIN = "force_admin"
FORCE_VIEWER = "force_viewer"
BCU_COMMANDER = "bcu_commander"
SERGEANT = "sergeant"
OFFICER = "officer"
PARTNER = "partner"
INSPECTOR = "inspector"

# Roles whose reading scope is the whole force (DESIGN.md section 5).
FORCE_WIDE_ROLES = frozenset({FORCE_ADMIN, FORCE_VIEWER, INSPECTOR})
TEAM_ROLES = frozenset({SERGEANT, OFFICER})


@dataclass(frozen=True)
class Scope:
    """Who is asking. ``role`` is None for an anonymous caller."""

    role: str | None = None
    user_id: int | None = None
    superuser: bool = False
    force_id: int | None = None
    bcu_id: int | None = None
    team_id: int | None = None
    partner_id: int | None = None

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def of(cls, user) -> Scope:
        """The scope of ``user`` (a ``request.user``, anonymous or not). Cached on the user
        object, so a request builds it once. ``force_id`` is the force the user works in,
        whatever the role (``User.scope_force_id``)."""
        if user is None or not getattr(user, "is_authenticated", False):
            return ANONYMOUS
        cached = getattr(user, "_npms_scope", None)
        if cached is not None:
            return cached
        if not getattr(user, "is_active", True):
            scope = ANONYMOUS
        else:
            scope = cls(
                role=user.role,
                user_id=user.pk,
                superuser=bool(user.is_superuser),
                force_id=user.scope_force_id,
                bcu_id=user.bcu_id,
                team_id=user.team_id,
                partner_id=user.partner_id,
            )
        user._npms_scope = scope
        return scope

    # -- what kind of caller ----------------------------------------------------------------

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_police(self) -> bool:
        """Police staff may read restricted data (KIN, notes, duty records); partners and the
        public never."""
        return self.authenticated and (self.superuser or self.role != PARTNER)

    @property
    def is_partner(self) -> bool:
        return self.authenticated and not self.superuser and self.role == PARTNER

    @property
    def force_wide(self) -> bool:
        """Reads the whole of its force (force admin, force viewer, inspector)."""
        return self.authenticated and not self.superuser and self.role in FORCE_WIDE_ROLES

    @property
    def is_bcu_commander(self) -> bool:
        return self.authenticated and not self.superuser and self.role == BCU_COMMANDER

    @property
    def in_team(self) -> bool:
        """A sergeant or officer of one team."""
        return self.authenticated and not self.superuser and self.role in TEAM_ROLES

    def has_role(self, *roles: str) -> bool:
        """True for a signed-in, non-superuser caller with one of ``roles``."""
        return self.authenticated and not self.superuser and self.role in roles


ANONYMOUS = Scope()
