"""``team_permissions`` (one team in hand, no query) says exactly what the querysets
``teams_manageable``, ``teams_recordable`` and ``teams_with_key_individuals_visible`` say,
for every persona and every team (DESIGN.md section 5)."""

import pytest

from npms.scope import Scope
from teams.models import Team
from teams.selectors import (
    team_permissions,
    teams_manageable,
    teams_recordable,
    teams_with_key_individuals_visible,
)

pytestmark = pytest.mark.django_db

PERSONAS = [
    "force_admin",
    "force_viewer",
    "bcu_commander",
    "sergeant",
    "officer",
    "other_sergeant",
    "partner",
    "inspector",
    "outsider_admin",
    "superuser",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_one_team_and_the_querysets_agree(personas, world, persona):
    scope = Scope.of(personas[persona])
    sets = {
        "manage": set(teams_manageable(scope).values_list("pk", flat=True)),
        "record": set(teams_recordable(scope).values_list("pk", flat=True)),
        "key_individuals": set(
            teams_with_key_individuals_visible(scope).values_list("pk", flat=True)
        ),
    }
    for team in Team.objects.select_related("bcu"):
        allowed = team_permissions(scope, team)
        assert allowed == {name: team.pk in ids for name, ids in sets.items()}, team.name


def test_what_the_sergeant_of_alpha_may_do(personas, world):
    scope = Scope.of(personas["sergeant"])
    assert team_permissions(scope, world.alpha) == {
        "manage": True,
        "record": True,
        "key_individuals": True,
    }
    assert team_permissions(scope, world.bravo) == {
        "manage": False,
        "record": False,
        "key_individuals": False,
    }


def test_the_officer_records_but_does_not_manage(personas, world):
    assert team_permissions(Scope.of(personas["officer"]), world.alpha) == {
        "manage": False,
        "record": True,
        "key_individuals": True,
    }
