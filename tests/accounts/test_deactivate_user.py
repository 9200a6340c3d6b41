"""Deactivating a user ends their sessions and revokes their partner's API keys at once
(issue 12, item 3), through the service the admin uses."""

import pytest
from django.contrib.sessions.models import Session

from accounts.models import APIKey
from accounts.services import api_key_create, user_deactivate

pytestmark = pytest.mark.django_db


def test_deactivation_kills_an_existing_session(client, client_for, world, personas):
    client = client_for("sergeant")
    assert client.get("/").status_code == 200
    # Someone else's session stays.
    other = type(client)()
    other.force_login(personas["officer"])
    ended = user_deactivate(user=personas["sergeant"], deactivated_by=personas["force_admin"])
    assert ended == {"sessions": 1, "keys": 0}
    personas["sergeant"].refresh_from_db()
    assert personas["sergeant"].is_active is False
    assert Session.objects.count() == 1
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert other.get("/").status_code == 200


def test_deactivating_a_partner_user_revokes_the_partners_keys(client, world, personas):
    admin = personas["force_admin"]
    _, raw = api_key_create(partner=world.council, name="CRM", created_by=admin)
    api_key_create(partner=world.council, name="GIS", created_by=admin)
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}
    assert client.get("/api/v1/priorities/", **headers).status_code == 200
    ended = user_deactivate(user=personas["partner"], deactivated_by=admin)
    assert ended["keys"] == 2
    assert APIKey.objects.filter(revoked_at__isnull=True).count() == 0
    assert client.get("/api/v1/priorities/", **headers).status_code == 401


def test_admin_untick_active_goes_through_the_service(client_for, world, personas):
    target = personas["officer"]
    victim_client = type(client_for("superuser"))()
    victim_client.force_login(target)
    admin_client = client_for("superuser")
    response = admin_client.post(
        "/admin/accounts/user/",
        {"action": "deactivate", "_selected_action": [target.pk]},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.is_active is False
    assert victim_client.get("/").status_code == 302
