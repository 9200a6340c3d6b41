"""Optimistic concurrency through the API: a PATCH, close or stage change with a stale
``version`` gets 409 in the error shape, and nothing is saved (DESIGN.md section 9)."""

import pytest

pytestmark = pytest.mark.django_db


def test_stale_priority_patch_is_409_and_saves_nothing(client_for, data):
    client = client_for("sergeant")
    priority = data["priority"]
    url = f"/api/v1/priorities/{priority.pk}/"
    first = client.patch(
        url, {"version": 1, "title": "First edit"}, content_type="application/json"
    )
    assert first.status_code == 200
    assert first.json()["version"] == 2
    stale = client.patch(
        url, {"version": 1, "title": "Second edit"}, content_type="application/json"
    )
    assert stale.status_code == 409
    error = stale.json()["error"]
    assert error["status"] == 409 and error["code"] == "conflict"
    assert "your version 1, now version 2" in error["message"]
    priority.refresh_from_db()
    assert (priority.title, priority.version) == ("First edit", 2)


def test_stale_priority_close_is_409(client_for, data):
    client = client_for("sergeant")
    priority = data["priority"]
    client.patch(
        f"/api/v1/priorities/{priority.pk}/",
        {"version": 1, "title": "Edited"},
        content_type="application/json",
    )
    response = client.post(
        f"/api/v1/priorities/{priority.pk}/close/",
        {"version": 1, "closed_on": "2025-03-01", "outcome": "resolved", "public_signoff": True},
        content_type="application/json",
    )
    assert response.status_code == 409
    priority.refresh_from_db()
    assert priority.status == "open"


def test_stale_plan_patch_is_409(client_for, data):
    client = client_for("force_admin")
    plan = data["plan"]
    url = f"/api/v1/plans/{plan.pk}/"
    assert (
        client.patch(url, {"version": 1, "scan": "A"}, content_type="application/json").status_code
        == 200
    )
    response = client.patch(url, {"version": 1, "scan": "B"}, content_type="application/json")
    assert response.status_code == 409
    plan.refresh_from_db()
    assert (plan.scan, plan.version) == ("A", 2)


def test_missing_version_is_400_naming_it(client_for, data):
    response = client_for("sergeant").patch(
        f"/api/v1/priorities/{data['priority'].pk}/",
        {"title": "No version"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["version"]
