"""DRF permission classes: who may write what (DESIGN.md section 5).

Reading is narrowed by the apps' visibility selectors in each view's ``get_queryset`` (an
object outside the caller's scope is a 404, a list an empty page), and a view checks the
object against the app's ``<entities>_writable`` / ``_manageable`` selector before changing it.
Writing needs, besides that scope, a role allowed for the resource. The table below is the one
place that says which roles write which resource through the API; ``WRITERS`` is also what
the permission-matrix tests read.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from npms.scope import (
    BCU_COMMANDER,
    FORCE_ADMIN,
    INSPECTOR,
    OFFICER,
    PARTNER,
    SERGEANT,
    Scope,
)

# DESIGN.md section 5, "writes" column:
# - force_admin: everything in the force;
# - sergeant: the team's events, priorities (incl. closing), plans, duty records, contacts;
# - officer: own duty records, events, contacts, plan actions;
# - partner: actions and reviews on plans it owns or is given;
# - bcu_commander and inspector: inspections, their judgements and recommendations (opening
#   one is checked here; changes to one against inspections.selectors.inspections_writable,
#   so a caller who cannot see it gets 404 before 403);
# - force_viewer: nothing.
WRITERS: dict[str, frozenset[str]] = {
    "posting": frozenset({FORCE_ADMIN}),
    "duty_record": frozenset({FORCE_ADMIN, SERGEANT, OFFICER}),
    "event": frozenset({FORCE_ADMIN, SERGEANT, OFFICER}),
    "contact": frozenset({FORCE_ADMIN, SERGEANT, OFFICER}),
    "priority": frozenset({FORCE_ADMIN, SERGEANT}),
    "priority_review": frozenset({FORCE_ADMIN, SERGEANT}),
    "plan": frozenset({FORCE_ADMIN, SERGEANT}),
    "plan_action": frozenset({FORCE_ADMIN, SERGEANT, OFFICER, PARTNER}),
    "plan_review": frozenset({FORCE_ADMIN, SERGEANT, PARTNER}),
    "api_key": frozenset({FORCE_ADMIN}),
    "inspection": frozenset({FORCE_ADMIN, INSPECTOR, BCU_COMMANDER}),
}


def can_write(user, resource: str) -> bool:
    """True when ``user``'s role may write ``resource`` (scope is checked separately)."""
    scope = Scope.of(user)
    if scope.superuser:
        return True
    return scope.authenticated and scope.role in WRITERS.get(resource, frozenset())


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
        scope = Scope.of(request.user)
        return scope.superuser or scope.has_role(FORCE_ADMIN)
