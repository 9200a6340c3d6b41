"""The public API answers from the Django cache (Redis) for POLICE_UK_CACHE_SECONDS."""

import uuid

import pytest
from django.core.cache import cache

from policeuk.views import CACHE_PREFIX

pytestmark = pytest.mark.django_db


def test_answers_are_cached_for_the_ttl(client, world, settings, django_assert_num_queries):
    settings.POLICE_UK_CACHE_SECONDS = 60
    # A query string unique to this run keeps the key apart from other runs on the same Redis.
    path = f"/api/police-uk/forces/testshire?run={uuid.uuid4().hex}"
    try:
        with django_assert_num_queries(1):  # the force
            first = client.get(path)
        assert first.json()["name"] == "Testshire Police"

        world.force.name = "Testshire Constabulary"
        world.force.save()
        with django_assert_num_queries(0):  # straight from the cache
            second = client.get(path)
        assert second.json()["name"] == "Testshire Police"

        cache.delete(CACHE_PREFIX + path)
        assert client.get(path).json()["name"] == "Testshire Constabulary"
    finally:
        cache.delete(CACHE_PREFIX + path)


def test_errors_are_not_cached(client, world, settings):
    settings.POLICE_UK_CACHE_SECONDS = 60
    path = f"/api/police-uk/forces/newforce?run={uuid.uuid4().hex}"
    try:
        assert client.get(path).status_code == 404
        world.force.slug = "newforce"
        world.force.save()
        assert client.get(path).status_code == 200
    finally:
        cache.delete(CACHE_PREFIX + path)
