import pytest
from django.core.cache import cache

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


# The test client's address's count too (test_login_throttle_by_address.py), so reruns within
# the window do not add up to that lock-out.
KEYS = ["login-failures:sergeant", "login-failures:officer", "login-failures-from:127.0.0.1"]


@pytest.fixture(autouse=True)
def _clean_counts():
    cache.delete_many(KEYS)
    yield
    cache.delete_many(KEYS)


def _sign_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_sign_in_with_the_right_password(client, personas):
    response = _sign_in(client, "sergeant", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_five_failures_lock_the_username_even_for_the_right_password(client, personas):
    for _ in range(5):
        response = _sign_in(client, "sergeant", "wrong-password")
        assert response.status_code == 200
        assert b"Too many failed sign-ins" not in response.content
    # The sixth attempt is refused before the password is even checked.
    response = _sign_in(client, "sergeant", PASSWORD)
    assert response.status_code == 200
    assert b"Too many failed sign-ins" in response.content
    assert "_auth_user_id" not in client.session
    # Other usernames are unaffected.
    assert _sign_in(client, "officer", PASSWORD).status_code == 302


def test_a_success_clears_earlier_failures(client, personas):
    for _ in range(4):
        _sign_in(client, "sergeant", "wrong-password")
    assert _sign_in(client, "sergeant", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _sign_in(client, "sergeant", "wrong-password")
    # 4 failures since the success: still allowed.
    assert _sign_in(client, "sergeant", PASSWORD).status_code == 302
