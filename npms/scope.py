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


class Scope:
    """Who is asking. ``role`` is None for an anonymous caller.

    ``force_id`` (the force the caller works in, whatever the role) is read from the user only
    when a selector needs it, because for a BCU or team role it takes a query."""

    __slots__ = ("role", "user_id", "superuser", "bcu_id", "team_id", "partner_id", "_force")

    def __init__(
        self,
        *,
        role: str | None = None,
        user_id: int | None = None,
        superuser: bool = False,
        force_id: int | None = None,
        bcu_id: int | None = None,
        team_id: int | None = None,
        partner_id: int | None = None,
        force_of=None,
    ):
        self.role = role
        self.user_id = user_id
        self.superuser = superuser
        self.bcu_id = bcu_id
        self.team_id = team_id
        self.partner_id = partner_id
        # An int, or a callable that returns it (called once).
        self._force = force_id if force_of is None else force_of

    def __repr__(self) -> str:
        return (
            f"Scope(role={self.role!r}, user_id={self.user_id}, superuser={self.superuser}, "
            f"bcu_id={self.bcu_id}, team_id={self.team_id}, partner_id={self.partner_id})"
        )

    @property
    def force_id(self) -> int | None:
        if callable(self._force):
            self._force = self._force()
        return self._force

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def of(cls, user) -> Scope:
        """The scope of ``user`` (a ``request.user``, anonymous or not). Cached on the user
        object, so a request builds it once. ``force_id`` comes from ``User.scope_force_id``
        the first time a selector asks for it."""
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
                bcu_id=user.bcu_id,
                team_id=user.team_id,
                partner_id=user.partner_id,
                force_id=user.force_id,
                force_of=None if user.force_id else (lambda: user.scope_force_id),
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
