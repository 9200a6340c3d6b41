"""Sign-in lock-out on every sign-in form, the admin's too, kept in the database (issue 12,
item 3): five failures lock the username for 15 minutes whatever the password."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = f"/{settings.ADMIN_URL}login/"


def _sign_in(client, username, password, url="/accounts/login/"):
    return client.post(url, {"username": username, "password": password})


def test_sign_in_with_the_right_password(client, personas):
    response = _sign_in(client, "sergeant", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_five_failures_lock_the_username_even_for_the_right_password(client, personas):
    for _ in range(4):
        response = _sign_in(client, "sergeant", "wrong-password")
        assert response.status_code == 200
    # The fifth failure locks.
    assert _sign_in(client, "sergeant", "wrong-password").status_code == 429
    response = _sign_in(client, "sergeant", PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many failed sign-ins" in body and "15 minutes" in body
    assert 'class="govuk-header' in body  # in the service's layout
    assert "_auth_user_id" not in client.session
    # Kept in the database (not Redis), per username.
    attempt = AccessAttempt.objects.get(username="sergeant")
    # The five failures and the refused try with the right password.
    assert attempt.failures_since_start == 6
    # Other usernames are unaffected.
    assert _sign_in(client, "officer", PASSWORD).status_code == 302


def test_the_admin_form_counts_and_locks_too(client, personas):
    for _ in range(5):
        _sign_in(client, "superuser", "wrong-password", ADMIN_LOGIN)
    assert _sign_in(client, "superuser", PASSWORD, ADMIN_LOGIN).status_code == 429
    # The same lock holds on our form.
    assert _sign_in(client, "superuser", PASSWORD).status_code == 429


def test_the_lock_lifts_after_fifteen_minutes(client, personas):
    for _ in range(5):
        _sign_in(client, "sergeant", "wrong-password")
    AccessAttempt.objects.filter(username="sergeant").update(
        attempt_time=timezone.now() - dt.timedelta(minutes=16)
    )
    assert _sign_in(client, "sergeant", PASSWORD).status_code == 302


def test_a_success_clears_earlier_failures(client, personas):
    for _ in range(4):
        _sign_in(client, "sergeant", "wrong-password")
    assert _sign_in(client, "sergeant", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _sign_in(client, "sergeant", "wrong-password")
    # 4 failures since the success: still allowed.
    assert _sign_in(client, "sergeant", PASSWORD).status_code == 302
