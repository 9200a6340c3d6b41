"""The access log names the client by the same trusted-proxy rule as the throttles
(``NUM_PROXIES``): a client cannot choose the address written in the log."""

import pytest
from django.conf import settings
from django.test import RequestFactory, override_settings

from audit.services import access_log_record

pytestmark = pytest.mark.django_db


def _request(personas):
    request = RequestFactory().get(
        "/engagement/teams/1/kin/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    request.user = personas["sergeant"]
    return request


def test_without_trusted_proxies_the_socket_address_is_logged(personas):
    row = access_log_record(
        request=_request(personas), action="read", object_type="engagement.keyindividual", count=3
    )
    assert row.ip == "10.0.0.5"


def test_behind_one_trusted_proxy_the_forwarded_address_is_logged(personas):
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}):
        row = access_log_record(
            request=_request(personas),
            action="read",
            object_type="engagement.keyindividual",
            count=3,
        )
    assert row.ip == "203.0.113.9"
