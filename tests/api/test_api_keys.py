"""Partners' API keys: made and revoked by force admins, stored hashed, sent as a header,
acting as the partner, refused with 401 when unknown, revoked or expired, throttled per key."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import APIKey
from accounts.services import api_key_create, api_key_revoke

pytestmark = pytest.mark.django_db


def test_create_shows_the_key_once_and_stores_only_its_hash(client_for, world):
    client = client_for("force_admin")
    response = client.post(
        "/api/v1/api-keys/",
        {"partner": world.council.pk, "name": "Council CRM"},
        content_type="application/json",
    )
    assert response.status_code == 201
    raw = response.json()["key"]
    stored = APIKey.objects.get(pk=response.json()["id"])
    assert raw.startswith(f"npms_{stored.prefix}_")
    assert stored.hashed_key == APIKey.hash(raw) and raw not in stored.hashed_key
    # Never shown again.
    listed = client.get(f"/api/v1/api-keys/{stored.pk}/").json()
    assert "key" not in listed and raw not in str(client.get("/api/v1/api-keys/").json())


@pytest.mark.parametrize("header", ["HTTP_AUTHORIZATION", "HTTP_X_API_KEY"])
def test_key_acts_for_its_partner(client, world, data, keys, header):
    value = keys["active"] if header == "HTTP_X_API_KEY" else f"Api-Key {keys['active']}"
    response = client.get("/api/v1/priorities/", **{header: value})
    assert response.status_code == 200
    # The council works in A1 only: the public priority there, not the private one or B1's.
    assert [p["id"] for p in response.json()["results"]] == [data["priority"].pk]
    assert "who" not in response.json()["results"][0]  # public fields only


def test_last_used_is_recorded_at_most_once_a_minute(client, data, keys):
    key = keys["objects"]["active"]
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {keys['active']}"}
    assert key.last_used_at is None
    client.get("/api/v1/forces/", **headers)
    key.refresh_from_db()
    first = key.last_used_at
    assert first is not None
    client.get("/api/v1/forces/", **headers)
    key.refresh_from_db()
    assert key.last_used_at == first  # within the minute: not written again
    APIKey.objects.filter(pk=key.pk).update(last_used_at=first - dt.timedelta(seconds=61))
    client.get("/api/v1/forces/", **headers)
    key.refresh_from_db()
    assert key.last_used_at > first


@pytest.mark.parametrize(
    "value, message",
    [
        ("revoked", "The API key has been revoked."),
        ("expired", "The API key has expired."),
        ("npms_nope_nope", "The API key is not valid."),
        ("", "The API key is empty."),
    ],
)
def test_bad_keys_get_401_in_the_error_shape(client, keys, value, message):
    raw = keys.get(value, value)
    response = client.get("/api/v1/forces/", HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert response.json() == {
        "error": {"status": 401, "code": "authentication_failed", "message": message, "fields": {}}
    }


def test_revoke_through_the_api_stops_the_key(client_for, client, keys):
    key = keys["objects"]["active"]
    admin = client_for("force_admin")
    assert admin.post(f"/api/v1/api-keys/{key.pk}/revoke/").status_code == 200
    admin.logout()
    response = client.get("/api/v1/forces/", HTTP_AUTHORIZATION=f"Api-Key {keys['active']}")
    assert response.status_code == 401


def test_only_the_partners_force_admin_manages_keys(world, personas):
    with pytest.raises(ValidationError) as error:
        api_key_create(partner=world.council, name="x", created_by=personas["outsider_admin"])
    assert "partner" in error.value.message_dict
    key, _ = api_key_create(partner=world.council, name="x", created_by=personas["force_admin"])
    with pytest.raises(ValidationError):
        api_key_revoke(key=key, revoked_by=personas["sergeant"])


def test_expiry_must_be_in_the_future(world, personas):
    with pytest.raises(ValidationError) as error:
        api_key_create(
            partner=world.council,
            name="x",
            created_by=personas["force_admin"],
            expires_at=timezone.now() - dt.timedelta(days=1),
        )
    assert "expires_at" in error.value.message_dict


def test_requests_are_throttled_per_key(client, settings, world, personas, data):
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], partner_key="2/minute")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    # A fresh key: its bucket in the shared Redis is keyed by its random prefix.
    _, first = api_key_create(partner=world.council, name="a", created_by=personas["force_admin"])
    _, second = api_key_create(partner=world.council, name="b", created_by=personas["force_admin"])
    statuses = [
        client.get("/api/v1/forces/", HTTP_AUTHORIZATION=f"Api-Key {first}").status_code
        for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    # Another key has its own allowance.
    assert client.get("/api/v1/forces/", HTTP_X_API_KEY=second).status_code == 200
    # Signed-in users are not counted against any key.
    assert client_status_as(client, personas["force_admin"]) == 200


def client_status_as(client, user) -> int:
    client.force_login(user)
    return client.get("/api/v1/forces/").status_code
