"""The public API answers from the Django cache (Redis) for POLICE_UK_CACHE_SECONDS, and a
change to public data shows at once: the writes move the cache's version on (issue 12; before,
a closed priority still showed as open for up to five minutes)."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from priorities.services import priority_review_add
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.POLICE_UK_CACHE_SECONDS = 60


def unique(path: str) -> str:
    # A query string unique to this run keeps the key apart from other runs on the same Redis.
    return f"/api/police-uk{path}?run={uuid.uuid4().hex}"


def test_a_second_read_comes_from_the_cache(client, world, cached, django_assert_num_queries):
    path = unique("/forces/testshire")
    with django_assert_num_queries(1):  # the force
        assert client.get(path).json()["name"] == "Testshire Police"
    with django_assert_num_queries(0):  # straight from the cache
        assert client.get(path).json()["name"] == "Testshire Police"


def test_a_renamed_force_shows_at_once(client, world, cached):
    path = unique("/forces/testshire")
    assert client.get(path).json()["name"] == "Testshire Police"
    world.force.name = "Testshire Constabulary"
    world.force.save()
    assert client.get(path).json()["name"] == "Testshire Constabulary"


def test_new_feedback_on_a_priority_shows_at_once(client, world, cached):
    priority = f.PriorityFactory(
        neighbourhood=world.a1, title="Museum Square drinking", date_set=dt.date(2025, 1, 8)
    )
    path = unique("/testshire/A1/priorities")
    assert client.get(path).json()[0]["action"] is None
    priority_review_add(
        priority=priority, kind="feedback", text="Much quieter now.", date=dt.date(2025, 3, 22)
    )
    assert client.get(path).json()[0]["action"] == "Much quieter now."


def test_a_write_to_private_data_keeps_the_cache(client, world, cached, django_assert_num_queries):
    path = unique("/forces/testshire")
    client.get(path)
    member = f.MemberFactory(force=world.force)  # public (the team list): moves the version
    client.get(path)
    # Duty time is never public: the cached answer stays.
    f.DutyRecordFactory(member=member, team=world.alpha, hours=Decimal("8"))
    with django_assert_num_queries(0):
        client.get(path)


def test_errors_are_not_cached(client, world, cached):
    path = unique("/forces/newforce")
    assert client.get(path).status_code == 404
    world.force.slug = "newforce"
    world.force.save()
    assert client.get(path).status_code == 200
