"""Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_AGE_HOURS after
sign-in (issue 12, item 3)."""

import time

import pytest

from accounts.middleware import SEEN_AT, SIGNED_IN_AT

pytestmark = pytest.mark.django_db


def _age(client, **seconds_ago):
    session = client.session
    now = time.time()
    if "seen" in seconds_ago:
        session[SEEN_AT] = now - seconds_ago["seen"]
    if "signed_in" in seconds_ago:
        session[SIGNED_IN_AT] = now - seconds_ago["signed_in"]
    session.save()


def test_defaults(settings):
    assert settings.SESSION_IDLE_MINUTES == 30
    assert settings.SESSION_MAX_AGE_HOURS == 12


def test_active_session_goes_on(client_for, world):
    client = client_for("sergeant")
    _age(client, seen=29 * 60, signed_in=11 * 3600)
    assert client.get("/").status_code == 200
    # The visit moved the idle clock on.
    assert time.time() - client.session[SEEN_AT] < 5


def test_idle_session_ends(client_for, world):
    client = client_for("sergeant")
    _age(client, seen=31 * 60)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_session_ends_at_the_maximum_age_however_busy(client_for, world):
    client = client_for("sergeant")
    _age(client, seen=10, signed_in=12 * 3600 + 60)
    assert client.get("/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_idle_minutes_is_a_setting(client_for, world, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client = client_for("sergeant")
    _age(client, seen=6 * 60)
    assert client.get("/").status_code == 302


def test_sign_in_through_the_form_starts_the_clocks(client, personas):
    from tests.conftest import PASSWORD

    client.post("/accounts/login/", {"username": "sergeant", "password": PASSWORD})
    assert time.time() - client.session[SIGNED_IN_AT] < 5
