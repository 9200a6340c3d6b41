"""Two-factor authentication (TOTP) for force administrators and superusers (issue 12,
item 3): after the password they must enter a code; without a device they set one up."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _required(settings):
    settings.TWO_FACTOR_REQUIRED = True


def _code(device: TOTPDevice) -> str:
    # django-otp's own TOTP generation, as the phone app would compute it.
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _sign_in(client, username):
    return client.post("/accounts/login/", {"username": username, "password": PASSWORD})


def test_sergeant_needs_no_code(client, personas):
    _sign_in(client, "sergeant")
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("persona", ["force_admin", "superuser"])
def test_password_alone_is_not_enough(client, personas, persona):
    TOTPDevice.objects.create(user=personas[persona], name="phone", confirmed=True)
    assert _sign_in(client, persona).status_code == 302
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/?next=%2Faudit%2F"
    # The API too (session callers), in the API's error shape.
    response = client.get("/api/v1/teams/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "two_factor_required"


def test_a_right_code_lets_the_admin_in(client, personas):
    device = TOTPDevice.objects.create(user=personas["force_admin"], name="phone", confirmed=True)
    _sign_in(client, "force_admin")
    wrong = client.post("/accounts/two-factor/", {"token": "000000", "next": "/audit/"})
    assert wrong.status_code == 200
    assert "The code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # django-otp slows retries after a failure
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post("/accounts/two-factor/", {"token": _code(device), "next": "/audit/"})
    assert response.status_code == 302 and response["Location"] == "/audit/"
    assert client.get("/audit/").status_code == 200


def test_without_a_device_the_admin_sets_one_up(client, personas):
    _sign_in(client, "force_admin")
    response = client.get("/accounts/two-factor/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/setup/")
    body = response.content.decode()
    assert "otpauth://totp/NPMS%3Aforce_admin?secret=" in body
    secret = re.search(r'<code id="totp-secret">([A-Z2-7]+)</code>', body).group(1)
    assert "<svg" in body  # the QR code
    device = TOTPDevice.objects.get(user=personas["force_admin"])
    assert not device.confirmed
    assert secret in device.config_url
    # Reloading shows the same secret (the phone already has it).
    assert secret in client.get("/accounts/two-factor/setup/").content.decode()
    response = client.post("/accounts/two-factor/setup/", {"token": _code(device), "next": "/"})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    # Signed in with the second factor: the admin pages open.
    assert client.get("/audit/").status_code == 200


def test_setup_refuses_a_wrong_code(client, personas):
    _sign_in(client, "force_admin")
    client.get("/accounts/two-factor/setup/")
    response = client.post("/accounts/two-factor/setup/", {"token": "123"})
    assert response.status_code == 200
    assert "The code is not right" in response.content.decode()
    assert not TOTPDevice.objects.get(user=personas["force_admin"]).confirmed


def test_admin_site_is_behind_the_code_too(client, personas, settings):
    TOTPDevice.objects.create(user=personas["superuser"], name="phone", confirmed=True)
    _sign_in(client, "superuser")
    response = client.get(f"/{settings.ADMIN_URL}")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")
