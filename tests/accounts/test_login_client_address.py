"""The sign-in lock-out (django-axes) records the client address by the throttles' trusted-proxy
rule (accounts.throttling.client_address, NUM_PROXIES; issue 15): with no proxy the socket's
address, whatever X-Forwarded-For says; behind one proxy the right-most forwarded address."""

import pytest
from axes.models import AccessAttempt, AccessLog

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _sign_in(client, username, password, **headers):
    return client.post("/accounts/login/", {"username": username, "password": password}, **headers)


def test_without_a_proxy_the_socket_address_is_recorded(client, settings, personas):
    # The default: no proxy trusted.
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0
    _sign_in(
        client, "sergeant", "wrong", REMOTE_ADDR="198.51.100.21", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert AccessAttempt.objects.get(username="sergeant").ip_address == "198.51.100.21"
    _sign_in(
        client, "officer", PASSWORD, REMOTE_ADDR="198.51.100.22", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    assert AccessLog.objects.get(username="officer").ip_address == "198.51.100.22"


def test_behind_one_proxy_the_right_most_forwarded_address_is_recorded(client, settings, personas):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # The proxy, 10.0.0.1, appended the address it saw; the client wrote the rest.
    _sign_in(
        client,
        "sergeant",
        "wrong",
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.31",
    )
    assert AccessAttempt.objects.get(username="sergeant").ip_address == "203.0.113.31"
