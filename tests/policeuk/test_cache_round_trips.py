"""A cached public answer costs one Redis round trip and no new Redis client (issue 15: the
public API at 500 req/s). Before, each cache call built a ``redis.Redis`` (a quarter of a
millisecond in redis-py 8) and a cached answer took two calls: the version, then the answer.
The commands are counted on the real Redis client, not replaced."""

import uuid

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def commands(settings):
    """The names of the Redis commands the cache sends, with the public throttle off."""
    settings.POLICE_UK_CACHE_SECONDS = 60
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "anon": None,
        },
    }
    client = cache._cache.get_client(write=True)
    sent: list[str] = []
    original = client.execute_command

    def counting(*args, **options):
        sent.append(str(args[0]).upper())
        return original(*args, **options)

    client.execute_command = counting
    yield sent
    del client.execute_command


def test_the_cache_reuses_one_redis_client():
    assert cache._cache.get_client(write=True) is cache._cache.get_client(write=False)
    assert cache._cache.get_client("a") is cache._cache.get_client("b")


def test_a_cached_answer_is_one_round_trip(client, world, commands, django_assert_num_queries):
    path = f"/api/police-uk/forces/testshire?run={uuid.uuid4().hex}"
    assert client.get(path).json()["name"] == "Testshire Police"
    # The miss: the version and the answer read together, then the answer stored.
    assert commands == ["MGET", "SET"]
    commands.clear()
    with django_assert_num_queries(0):
        assert client.get(path).json()["name"] == "Testshire Police"
    assert commands == ["MGET"]


def test_an_answer_built_before_a_change_is_not_served_after_it(client, world, commands):
    path = f"/api/police-uk/forces/testshire?run={uuid.uuid4().hex}"
    assert client.get(path).json()["name"] == "Testshire Police"
    world.force.name = "Testshire Constabulary"
    world.force.save()  # moves the public data version on
    commands.clear()
    assert client.get(path).json()["name"] == "Testshire Constabulary"
    assert commands == ["MGET", "SET"]  # a miss: the stored answer is of the old version
