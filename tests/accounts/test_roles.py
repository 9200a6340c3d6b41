"""``npms.scope`` names the roles as plain strings (it sits below every app); they must be
exactly the values of ``accounts.models.Role``, or a role would silently see nothing."""

from accounts.models import Role
from npms import scope


def test_scope_role_names_are_the_user_roles():
    names = {
        scope.FORCE_ADMIN,
        scope.FORCE_VIEWER,
        scope.BCU_COMMANDER,
        scope.SERGEANT,
        scope.OFFICER,
        scope.PARTNER,
        scope.INSPECTOR,
    }
    assert names == set(Role.values)
    assert scope.FORCE_WIDE_ROLES == {"force_admin", "force_viewer", "inspector"}
    assert scope.TEAM_ROLES == {"sergeant", "officer"}
