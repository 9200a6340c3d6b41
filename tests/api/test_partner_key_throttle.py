"""Partners' keys are throttled BEFORE the key and its user are looked up (issue 15): a caller
over its rate costs one Redis read and no database query; the bucket is the key's hash, so
nobody can spend another partner's allowance by copying its prefix."""

import pytest
from django.core.cache import cache

from accounts.models import APIKey
from accounts.services import api_key_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/priorities/"


@pytest.fixture
def two_a_minute(settings):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], partner_key="2/minute")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}


@pytest.fixture
def raw_key(world, personas):
    # A fresh key each test: its bucket in the shared Redis is new.
    _, raw = api_key_create(partner=world.council, name="CRM", created_by=personas["force_admin"])
    yield raw
    cache.delete(f"throttle_partner_key_{APIKey.hash(raw)}")


def test_a_throttled_key_is_refused_without_a_database_query(
    client, two_a_minute, raw_key, django_assert_num_queries
):
    for _ in range(2):
        assert client.get(URL, HTTP_AUTHORIZATION=f"Api-Key {raw_key}").status_code == 200
    # The third within the minute: no key look-up, no user look-up, no query at all.
    with django_assert_num_queries(0):
        response = client.get(URL, HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["error"]["code"] == "throttled"


def test_a_copied_prefix_does_not_spend_the_real_keys_allowance(client, two_a_minute, raw_key):
    prefix = raw_key.split("_")[1]
    forged = f"npms_{prefix}_not-the-secret-part"
    try:
        statuses = [client.get(URL, HTTP_X_API_KEY=forged).status_code for _ in range(3)]
        assert statuses == [401, 401, 429]
        assert client.get(URL, HTTP_X_API_KEY=raw_key).status_code == 200
    finally:
        cache.delete(f"throttle_partner_key_{APIKey.hash(forged)}")
