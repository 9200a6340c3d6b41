"""Fuzz the whole OpenAPI schema (schemathesis) as a force administrator: no server error,
and every answer has a documented status, content type and shape.

The number of examples per operation is bounded (SCHEMATHESIS_EXAMPLES, default 8) so the
run takes a couple of minutes.
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

APP = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/schema/", APP)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CSRF = "a" * 32  # a CSRF secret sent as cookie and header, as a browser would


@pytest.fixture
def admin_cookies(client, personas, data):
    """The force admin's session, and the WSGI calls kept inside the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client.force_login(personas["force_admin"])
    yield {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("SCHEMATHESIS_EXAMPLES", "8")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_matches_its_schema(case, admin_cookies):
    case.call_and_validate(cookies=admin_cookies, headers={"X-CSRFToken": CSRF}, checks=CHECKS)


@pytest.fixture(params=["sergeant", "partner_key", "anonymous"])
def other_caller(request, client, personas, keys, data):
    """A sergeant's session, a partner's API key, or no credentials at all (issue 12, item 6):
    each must get no server error anywhere in the schema."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    cookies, headers = {}, {}
    if request.param == "sergeant":
        client.force_login(personas["sergeant"])
        cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF}
        headers = {"X-CSRFToken": CSRF}
    elif request.param == "partner_key":
        headers = {"Authorization": f"Api-Key {keys['active']}"}
    yield cookies, headers
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=int(os.environ.get("SCHEMATHESIS_OTHER_EXAMPLES", "3")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error_for_other_callers(case, other_caller):
    cookies, headers = other_caller
    case.call_and_validate(cookies=cookies, headers=headers, checks=[not_a_server_error])
