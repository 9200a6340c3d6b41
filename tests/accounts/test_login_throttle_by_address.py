"""The sign-in lock-out per client address counts by the throttles' trusted-proxy rule
(accounts.throttling.client_address, NUM_PROXIES): a client cannot escape it by sending
X-Forwarded-For, and behind one proxy the right-most forwarded address is the client."""

import pytest
from django.core.cache import cache

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ADDRESSES = ["198.51.100.21", "198.51.100.22", "203.0.113.31", "203.0.113.32", "10.0.0.1"]
USERNAMES = ["sergeant", "officer", "nobody-1", "nobody-2", "nobody-3"]


@pytest.fixture(autouse=True)
def _clean_counts(settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 3
    keys = [f"login-failures-from:{a}" for a in ADDRESSES]
    keys += [f"login-failures:{u}" for u in USERNAMES]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


def _proxies(settings, number: int) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": number}


def _sign_in(client, username, password, **headers):
    return client.post("/accounts/login/", {"username": username, "password": password}, **headers)


REFUSED = b"Too many failed sign-ins from this network address"


def test_without_a_proxy_the_socket_address_counts_and_forwarded_for_is_ignored(
    client, settings, personas
):
    # The default: no proxy trusted.
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    for username in ("nobody-1", "nobody-2", "nobody-3"):
        response = _sign_in(client, username, "wrong", REMOTE_ADDR="198.51.100.21")
        assert response.status_code == 200 and REFUSED not in response.content
    # Three failures from 198.51.100.21: the right password for another username is refused,
    # and so it is when the client claims to be someone else in X-Forwarded-For.
    response = _sign_in(client, "sergeant", PASSWORD, REMOTE_ADDR="198.51.100.21")
    assert REFUSED in response.content
    response = _sign_in(
        client,
        "sergeant",
        PASSWORD,
        REMOTE_ADDR="198.51.100.21",
        HTTP_X_FORWARDED_FOR="203.0.113.31",
    )
    assert REFUSED in response.content
    assert "_auth_user_id" not in client.session
    # Another address is not affected.
    assert _sign_in(client, "sergeant", PASSWORD, REMOTE_ADDR="198.51.100.22").status_code == 302


def test_behind_one_proxy_the_right_most_forwarded_address_counts(client, settings, personas):
    _proxies(settings, 1)
    # Every request reaches us from the proxy, 10.0.0.1, which appends the client's address.
    for spoof in ("1.1.1.1", "2.2.2.2", "3.3.3.3"):
        _sign_in(
            client,
            "nobody-1",
            "wrong",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"{spoof}, 203.0.113.31",
        )
    # 203.0.113.31 has failed three times, whatever it put on the left.
    response = _sign_in(
        client,
        "sergeant",
        PASSWORD,
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="4.4.4.4, 203.0.113.31",
    )
    assert REFUSED in response.content
    # Another client behind the same proxy signs in.
    response = _sign_in(
        client,
        "sergeant",
        PASSWORD,
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.32",
    )
    assert response.status_code == 302
