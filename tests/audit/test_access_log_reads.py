"""Pages and API responses that show restricted data write one access-log row each (issue 12,
item 1; DESIGN.md section 3, "audit"); refused or empty requests write none."""

import datetime as dt

import pytest
from django.utils import timezone

from audit.models import AccessLog
from tests import factories as f

pytestmark = pytest.mark.django_db


def _kin(world):
    f.KeyIndividualFactory(neighbourhood=world.a1, name="Mrs Patel")
    f.KeyIndividualFactory(neighbourhood=world.a2, name="Mr Jones", team=world.alpha)
    f.KeyIndividualFactory(neighbourhood=world.b1, name="Bravo's key individual")


def test_kin_list_writes_one_row_with_the_count(client_for, world, personas):
    _kin(world)
    client = client_for("sergeant")
    response = client.get(f"/engagement/teams/{world.alpha.pk}/kin/", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    (row,) = AccessLog.objects.all()
    # Alpha covers A1 and A2: Mrs Patel and Mr Jones, not Bravo's.
    assert row.count == 2
    assert row.user == personas["sergeant"]
    assert row.action == "read"
    assert row.object_type == "engagement.keyindividual"
    assert row.object_id is None
    assert row.path == f"/engagement/teams/{world.alpha.pk}/kin/"
    assert row.ip == "10.1.2.3"


@pytest.mark.parametrize("persona", ["partner", "force_admin", "other_sergeant"])
def test_refused_kin_list_writes_nothing(client_for, world, persona):
    _kin(world)
    assert client_for(persona).get(f"/engagement/teams/{world.alpha.pk}/kin/").status_code == 404
    assert AccessLog.objects.count() == 0


def test_empty_kin_list_writes_nothing(client_for, world):
    assert client_for("sergeant").get(f"/engagement/teams/{world.alpha.pk}/kin/").status_code == 200
    assert AccessLog.objects.count() == 0


def test_duty_week_grid_logs_the_records_shown(client_for, world):
    monday = dt.date(2026, 3, 2)
    member = f.MemberFactory(force=world.force)
    f.PostingFactory(member=member, team=world.alpha, start_date=dt.date(2025, 1, 1))
    for day in (0, 1, 2):
        f.DutyRecordFactory(member=member, team=world.alpha, date=monday + dt.timedelta(days=day))
    # A record of the week before is not on the page.
    f.DutyRecordFactory(member=member, team=world.alpha, date=monday - dt.timedelta(days=1))
    response = client_for("sergeant").get(f"/teams/{world.alpha.pk}/duty/?week=2026-03-04")
    assert response.status_code == 200
    (row,) = AccessLog.objects.all()
    assert (row.object_type, row.count) == ("teams.dutyrecord", 3)


def test_duty_records_api_list_and_detail(client_for, world, personas):
    member = f.MemberFactory(force=world.force)
    f.PostingFactory(member=member, team=world.alpha, start_date=dt.date(2025, 1, 1))
    records = [
        f.DutyRecordFactory(member=member, team=world.alpha, date=dt.date(2026, 3, d))
        for d in (2, 3)
    ]
    client = client_for("sergeant")
    assert client.get("/api/v1/duty-records/").status_code == 200
    assert client.get(f"/api/v1/duty-records/{records[0].pk}/").status_code == 200
    rows = list(AccessLog.objects.order_by("id").values_list("object_type", "object_id", "count"))
    assert rows == [("teams.dutyrecord", None, 2), ("teams.dutyrecord", records[0].pk, 1)]


def test_duty_records_api_as_partner_writes_nothing(client_for, world):
    member = f.MemberFactory(force=world.force)
    f.PostingFactory(member=member, team=world.alpha, start_date=dt.date(2025, 1, 1))
    record = f.DutyRecordFactory(member=member, team=world.alpha, date=dt.date(2026, 3, 2))
    client = client_for("partner")
    client.get("/api/v1/duty-records/")
    assert client.get(f"/api/v1/duty-records/{record.pk}/").status_code == 404
    assert AccessLog.objects.count() == 0


def test_contacts_page_and_api(client_for, world):
    now = timezone.now()
    for hours in (1, 2, 3):
        f.PublicContactFactory(
            neighbourhood=world.a1, team=world.alpha, received_at=now - dt.timedelta(hours=hours)
        )
    client = client_for("sergeant")
    assert client.get(f"/engagement/teams/{world.alpha.pk}/contacts/").status_code == 200
    assert client.get("/api/v1/contacts/").status_code == 200
    assert list(AccessLog.objects.order_by("id").values_list("object_type", "count")) == [
        ("engagement.publiccontact", 3),
        ("engagement.publiccontact", 3),
    ]


def test_team_home_logs_todays_duty(client_for, world):
    member = f.MemberFactory(force=world.force)
    f.PostingFactory(member=member, team=world.alpha, start_date=dt.date(2025, 1, 1))
    f.DutyRecordFactory(member=member, team=world.alpha, date=timezone.localdate())
    assert client_for("sergeant").get("/").status_code == 200
    (row,) = AccessLog.objects.all()
    assert (row.object_type, row.count) == ("teams.dutyrecord", 1)


def test_admin_change_list_and_record_are_logged(client_for, world, personas):
    from django.conf import settings

    _kin(world)
    client = client_for("superuser")
    base = f"/{settings.ADMIN_URL}engagement/keyindividual/"
    assert client.get(base).status_code == 200
    person = world.a1.key_individuals.get()
    assert client.get(f"{base}{person.pk}/change/").status_code == 200
    rows = list(AccessLog.objects.order_by("id").values_list("object_type", "object_id", "count"))
    assert rows == [
        ("engagement.keyindividual", None, 3),
        ("engagement.keyindividual", person.pk, 1),
    ]
