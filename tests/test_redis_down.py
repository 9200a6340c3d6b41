"""Redis down is a degraded mode, not an outage (issue 12, item 5; DESIGN.md section 9): with
the cache pointed at a dead socket, pages, sign-in and both APIs answer, without caching or
throttling."""

import pytest
from django.core.cache import cache

from accounts.services import api_key_create
from npms.cache import FailOpenRedisCache
from tests import factories as f
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

DEAD = "unix:///tmp/npms-test-no-redis-here.sock"


@pytest.fixture(autouse=True)
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "npms.cache.FailOpenRedisCache",
            "LOCATION": DEAD,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    # Throttling on, at a rate the test would exceed if it were counted.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"partner_key": "2/minute", "anon": "2/minute"},
    }
    FailOpenRedisCache._down_until = 0.0
    yield
    FailOpenRedisCache._down_until = 0.0


def test_the_cache_answers_as_empty():
    assert cache.get("anything", "default") == "default"
    assert cache.set("k", 1) is None
    assert cache.get_many(["a", "b"]) == {}
    with pytest.raises(ValueError):
        cache.incr("k")


def test_sign_in_and_pages(client, world, personas):
    response = client.post("/accounts/login/", {"username": "sergeant", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get(f"/teams/{world.alpha.pk}/duty/").status_code == 200


def test_partner_api_answers_unthrottled(client, world, personas):
    f.PriorityFactory(neighbourhood=world.a1)
    _, raw = api_key_create(partner=world.council, name="CRM", created_by=personas["force_admin"])
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}
    # Five requests at a rate of two a minute: none refused while Redis is down.
    statuses = [client.get("/api/v1/priorities/", **headers).status_code for _ in range(5)]
    assert statuses == [200] * 5


def test_police_uk_api_answers_uncached(client, world):
    f.PriorityFactory(neighbourhood=world.a1, title="Speeding on Station Road")
    for _ in range(3):
        response = client.get(f"/api/police-uk/{world.force.slug}/{world.a1.code}/priorities")
        assert response.status_code == 200
        assert "Speeding on Station Road" in response.content.decode()
