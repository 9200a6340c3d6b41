"""The public API's throttle counts by client address under NUM_PROXIES (issue 15): with no
proxy (0) X-Forwarded-For is ignored, so a client over the rate cannot escape its 429 by
sending one; behind one proxy the right-most forwarded address is the client."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

URL = "/api/police-uk/forces"
ADDRESSES = ["198.51.100.41", "198.51.100.42", "203.0.113.51", "203.0.113.52", "10.0.0.2"]


@pytest.fixture(autouse=True)
def _three_a_minute(settings):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], anon="3/minute")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    keys = [f"throttle_anon_{a}" for a in ADDRESSES]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


def _proxies(settings, number: int) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": number}


def test_without_a_proxy_forwarded_for_does_not_escape_the_throttle(client, settings):
    # The default: no proxy trusted.
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    statuses = [client.get(URL, REMOTE_ADDR="198.51.100.41").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    for claimed in ("203.0.113.51", "1.2.3.4, 5.6.7.8", "198.51.100.42"):
        response = client.get(URL, REMOTE_ADDR="198.51.100.41", HTTP_X_FORWARDED_FOR=claimed)
        assert response.status_code == 429, claimed
    # Another socket address has its own allowance.
    assert client.get(URL, REMOTE_ADDR="198.51.100.42").status_code == 200


def test_behind_one_proxy_the_right_most_forwarded_address_is_the_client(client, settings):
    _proxies(settings, 1)

    def get(forwarded: str) -> int:
        return client.get(URL, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded).status_code

    # What the client sent is on the left; the proxy appended the address it saw.
    assert [get(f"{n}.{n}.{n}.{n}, 203.0.113.51") for n in (1, 2, 3, 4)] == [200, 200, 200, 429]
    assert get("9.9.9.9, 203.0.113.51") == 429
    # Another client behind the same proxy: its own bucket.
    assert get("203.0.113.51, 203.0.113.52") == 200
