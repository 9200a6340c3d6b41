"""/audit/: force administrators and superusers search the access log and export it; the
export is logged (issue 12, item 1)."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from audit.models import AccessLog

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "persona,status",
    [
        ("force_admin", 200),
        ("superuser", 200),
        ("force_viewer", 403),
        ("bcu_commander", 403),
        ("sergeant", 403),
        ("officer", 403),
        ("partner", 403),
        ("inspector", 403),
    ],
)
def test_who_may_search(client_for, world, persona, status):
    response = client_for(persona).get("/audit/")
    assert response.status_code == status
    if status == 403:
        # The service's own 403 page, not Django's bare one.
        assert b"You do not have permission" in response.content


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _log(user, object_type, object_id=None, count=1, at=None):
    entry = AccessLog(
        user=user,
        action="read",
        object_type=object_type,
        object_id=object_id,
        count=count,
        path="/p/",
        at=at or timezone.now(),
    )
    entry.save()
    return entry


def test_search_by_user_type_id_and_dates(client_for, personas):
    sergeant, officer, outsider = (
        personas["sergeant"],
        personas["officer"],
        personas["outsider_admin"],
    )
    march = timezone.make_aware(dt.datetime(2026, 3, 10, 12))
    _log(sergeant, "engagement.keyindividual", count=4, at=march)
    _log(sergeant, "teams.dutyrecord", object_id=77, at=march)
    _log(officer, "teams.dutyrecord", object_id=77, at=march + dt.timedelta(days=30))
    _log(outsider, "teams.dutyrecord", object_id=77, at=march)  # another force: never shown
    client = client_for("force_admin")

    def found(**query):
        page = client.get("/audit/", query).context["page"]
        return sorted((e.user.username, e.object_type, e.object_id) for e in page.object_list)

    assert len(found()) == 3
    assert found(username="SERGEANT") == [
        ("sergeant", "engagement.keyindividual", None),
        ("sergeant", "teams.dutyrecord", 77),
    ]
    assert found(object_type="teams.dutyrecord", object_id=77) == [
        ("officer", "teams.dutyrecord", 77),
        ("sergeant", "teams.dutyrecord", 77),
    ]
    assert found(date_from="2026-04-01", date_to="2026-04-30") == [
        ("officer", "teams.dutyrecord", 77)
    ]


def test_bad_search_is_a_form_error(client_for):
    response = client_for("force_admin").get(
        "/audit/", {"date_from": "2026-05-01", "date_to": "2026-04-01", "object_id": "x"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "date_to" in form.errors and "object_id" in form.errors


def test_paginated(client_for, personas):
    for _ in range(51):
        _log(personas["sergeant"], "teams.dutyrecord")
    client = client_for("force_admin")
    assert len(client.get("/audit/").context["page"].object_list) == 50
    assert len(client.get("/audit/", {"page": 2}).context["page"].object_list) == 1


def test_csv_export_is_itself_logged(client_for, personas):
    _log(personas["sergeant"], "engagement.keyindividual", count=4)
    _log(personas["officer"], "teams.dutyrecord", object_id=5)
    response = client_for("force_admin").get("/audit/", {"username": "sergeant", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["at", "user", "action", "object_type", "object_id", "count", "path", "ip"]
    assert [r[1:6] for r in rows[1:]] == [["sergeant", "read", "engagement.keyindividual", "", "4"]]
    export = AccessLog.objects.get(action="export")
    assert (export.user, export.object_type, export.count) == (
        personas["force_admin"],
        "audit.accesslog",
        1,
    )


def test_force_admin_menu_links_to_the_log(client_for, world):
    body = client_for("force_admin").get("/audit/").content.decode()
    assert 'href="/audit/"' in body and "Access log" in body
