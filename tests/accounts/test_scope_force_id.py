"""``User.scope_force_id`` for a team role is one query (the team's BCU's force), not two (the
team, then its BCU): the sergeant's home asks for it on every request (issue 15)."""

import pytest

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_a_team_role_costs_one_query(personas, world, django_assert_num_queries):
    sergeant = User.objects.get(pk=personas["sergeant"].pk)
    with django_assert_num_queries(1):
        assert sergeant.scope_force_id == world.force.pk


def test_a_team_already_loaded_costs_none(personas, world, django_assert_num_queries):
    sergeant = User.objects.select_related("team__bcu").get(pk=personas["sergeant"].pk)
    with django_assert_num_queries(0):
        assert sergeant.scope_force_id == world.force.pk


def test_other_roles(personas, world):
    assert personas["bcu_commander"].scope_force_id == world.force.pk
    assert personas["partner"].scope_force_id == world.force.pk
    assert personas["outsider_admin"].scope_force_id == world.other_force.pk
    assert personas["superuser"].scope_force_id is None
