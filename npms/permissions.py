"""DRF permission classes: who may write what (DESIGN.md section 5).

Reading is narrowed by ``npms.scoping`` in each view's ``get_queryset`` (an object outside the
caller's scope is a 404, a list an empty page). Writing needs, besides that scope, a role
allowed for the resource. The table below is the one place that says which roles write which
resource through the API; ``WRITERS`` is also what the permission-matrix tests read.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.models import Role
from npms.scoping import is_police, visible_members
from teams.models import Member

# DESIGN.md section 5, "writes" column:
# - force_admin: everything in the force;
# - sergeant: the team's events, priorities (incl. closing), plans, duty records, contacts;
# - officer: own duty records, events, contacts, plan actions;
# - partner: actions and reviews on plans it owns or is given;
# - bcu_commander and inspector: inspections only (not writable through the API yet);
# - force_viewer: nothing.
WRITERS: dict[str, frozenset[str]] = {
    "posting": frozenset({Role.FORCE_ADMIN}),
    "duty_record": frozenset({Role.FORCE_ADMIN, Role.SERGEANT, Role.OFFICER}),
    "event": frozenset({Role.FORCE_ADMIN, Role.SERGEANT, Role.OFFICER}),
    "contact": frozenset({Role.FORCE_ADMIN, Role.SERGEANT, Role.OFFICER}),
    "priority": frozenset({Role.FORCE_ADMIN, Role.SERGEANT}),
    "priority_review": frozenset({Role.FORCE_ADMIN, Role.SERGEANT}),
    "plan": frozenset({Role.FORCE_ADMIN, Role.SERGEANT}),
    "plan_action": frozenset({Role.FORCE_ADMIN, Role.SERGEANT, Role.OFFICER, Role.PARTNER}),
    "plan_review": frozenset({Role.FORCE_ADMIN, Role.SERGEANT, Role.PARTNER}),
    "api_key": frozenset({Role.FORCE_ADMIN}),
}


def can_write(user, resource: str) -> bool:
    """True when ``user``'s role may write ``resource`` (scope is checked separately)."""
    if not (user and user.is_authenticated):
        return False
    if user.is_superuser:
        return True
    return user.role in WRITERS.get(resource, frozenset())


class RoleWritePermission(BasePermission):
    """Any signed-in user may read (the queryset narrows what); writes need a writer role.

    A view names what it writes with ``write_resource`` (or ``write_resources``, a dict from
    action name to resource for viewsets whose extra actions write something else). A view
    without one is read-only: its unsafe methods fall through to 405.
    """

    message = "Your role may not change this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE_METHODS:
            return True
        resource = _resource_for(view, request)
        if resource is None:
            return True  # read-only view: the missing handler answers 405
        return can_write(user, resource)


def _resource_for(view, request) -> str | None:
    action = getattr(view, "action", None)
    per_action = getattr(view, "write_resources", None) or {}
    if action in per_action:
        return per_action[action]
    return getattr(view, "write_resource", None)


class ForceAdminOnly(BasePermission):
    """Force administrators (and superusers) only, for reading and writing alike."""

    message = "Only a force administrator may do this."

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return bool(user.is_superuser or user.role == Role.FORCE_ADMIN)


class OfficerOwnDutyRecords(BasePermission):
    """An officer changes only their own duty records (DESIGN.md section 5); a sergeant and a
    force admin change any in their scope."""

    message = "Officers may change only their own duty records."

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        if user.is_superuser or user.role != Role.OFFICER:
            return True
        return obj.member.user_id == user.pk


# Write scopes of the API, built on npms.scoping.


def writable_members(user):
    """Members whose duty time the user may record: an officer only their own."""
    if user.is_authenticated and not user.is_superuser and user.role == Role.OFFICER:
        return Member.objects.filter(user=user)
    return visible_members(user)


def visible_users(user):
    """Users who may be named as owners of plans and actions: the signed-in users of the
    caller's force (a partner: its own users). Used to check ids, never listed."""
    from django.db.models import Q

    from accounts.models import User

    if user.is_superuser:
        return User.objects.all()
    if not user.is_authenticated:
        return User.objects.none()
    if not is_police(user):
        return User.objects.filter(partner_id=user.partner_id)
    force_id = user.scope_force_id
    return User.objects.filter(
        Q(force_id=force_id)
        | Q(bcu__force_id=force_id)
        | Q(team__bcu__force_id=force_id)
        | Q(partner__force_id=force_id)
    )
