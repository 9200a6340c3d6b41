"""The duty-time week grid (issue 4, item 4): scope, saving days, quick entry, errors."""

import datetime as dt
from decimal import Decimal

import pytest

from teams.models import DutyRecord
from tests import factories as f

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 3, 3)


@pytest.fixture
def crew(world, personas):
    """PC Adams (the officer persona's own record) and PCSO Brown, both in Alpha."""
    adams = f.MemberFactory(force=world.force, name="PC Adams", user=personas["officer"])
    brown = f.MemberFactory(force=world.force, name="PCSO Brown")
    f.PostingFactory(member=adams, team=world.alpha, start_date=dt.date(2024, 1, 1))
    f.PostingFactory(member=brown, team=world.alpha, role="pcso", start_date=dt.date(2024, 1, 1))
    return adams, brown


def grid_url(world, week=MONDAY):
    return f"/teams/{world.alpha.pk}/duty/?week={week.isoformat()}"


def day_url(world, member, day):
    return f"/teams/{world.alpha.pk}/duty/{member.pk}/{day.isoformat()}/"


def entries(*rows):
    """POST data for the day editor's formset."""
    data = {"entry-TOTAL_FORMS": str(len(rows)), "entry-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"entry-{i}-{key}"] = value
    return data


@pytest.mark.parametrize(
    "persona,status",
    [
        ("sergeant", 200),
        ("officer", 200),
        ("bcu_commander", 200),
        ("force_viewer", 200),
        ("other_sergeant", 404),
        ("partner", 404),
        ("outsider_admin", 404),
    ],
)
def test_grid_scope(client_for, world, crew, persona, status):
    assert client_for(persona).get(grid_url(world)).status_code == status


def test_grid_needs_sign_in(client, world):
    assert client.get(grid_url(world)).status_code == 302


def test_grid_shows_members_by_day_in_a_fixed_number_of_queries(
    client_for, world, crew, django_assert_num_queries
):
    adams, brown = crew
    f.DutyRecordFactory(member=adams, team=world.alpha, date=MONDAY, hours=Decimal("4"))
    f.DutyRecordFactory(
        member=adams, team=world.alpha, date=MONDAY, hours=Decimal("4"), activity="response_cover"
    )
    for i in range(5):
        f.DutyRecordFactory(member=brown, team=world.alpha, date=MONDAY + dt.timedelta(days=i))
    client = client_for("sergeant")
    # 1 session, 2 user, 3 team, 4 postings (+members), 5 records (+members),
    # 6 day totals, 7 week totals (worked, rest/leave, sick, overtime), 8 the members whose
    # time the sergeant may record (the bulk-entry forms reuse it), 9 the access-log row
    # (issue 12). More members or records: the same nine.
    with django_assert_num_queries(9):
        response = client.get(grid_url(world))
    body = response.content.decode()
    assert response.status_code == 200
    assert "PC Adams" in body and "PCSO Brown" in body
    # Brown: five 8-hour days = 40 h; Adams: 4 h patrol + 4 h response cover = 8 h worked.
    assert ">40&nbsp;h<" in body and ">8&nbsp;h<" in body
    assert "Normal shift" in body  # quick entry in the empty cells


def test_read_only_roles_get_no_edit_links(client_for, world, crew):
    body = client_for("bcu_commander").get(grid_url(world)).content.decode()
    assert "Normal shift" not in body
    assert "/duty/" + str(crew[0].pk) not in body


def test_sergeant_saves_a_split_shift_with_paid_overtime(client_for, world, crew):
    adams, _ = crew
    response = client_for("sergeant").post(
        day_url(world, adams, MONDAY),
        entries(
            {"activity": "patrol", "hours": "6"},
            {"activity": "custody_cover", "hours": "3.5", "paid_overtime": "on", "note": "x"},
            {"activity": "", "hours": ""},  # blank row: ignored
        ),
    )
    assert response.status_code == 302
    assert (
        response["Location"] == f"/teams/{world.alpha.pk}/duty/?week=2025-03-03#member-{adams.pk}"
    )
    saved = list(
        DutyRecord.objects.filter(member=adams, date=MONDAY)
        .order_by("hours")
        .values_list("activity", "hours", "paid_overtime")
    )
    assert saved == [("custody_cover", Decimal("3.50"), True), ("patrol", Decimal("6.00"), False)]


def test_saving_a_day_replaces_it(client_for, world, crew):
    adams, _ = crew
    f.DutyRecordFactory(member=adams, team=world.alpha, date=MONDAY, activity="sickness")
    client_for("sergeant").post(
        day_url(world, adams, MONDAY), entries({"activity": "engagement", "hours": "7.5"})
    )
    assert list(DutyRecord.objects.filter(member=adams).values_list("activity", "hours")) == [
        ("engagement", Decimal("7.50"))
    ]


def test_quick_normal_shift(client_for, world, crew):
    _, brown = crew
    response = client_for("sergeant").post(day_url(world, brown, MONDAY), {"quick": "normal"})
    assert response.status_code == 302
    assert list(DutyRecord.objects.filter(member=brown).values_list("activity", "hours")) == [
        ("patrol", Decimal("8.00"))
    ]


def test_officer_edits_own_days_only(client_for, world, crew):
    adams, brown = crew
    client = client_for("officer")
    assert client.post(day_url(world, adams, MONDAY), {"quick": "normal"}).status_code == 302
    assert client.post(day_url(world, brown, MONDAY), {"quick": "normal"}).status_code == 404
    assert client.get(day_url(world, brown, MONDAY)).status_code == 404
    assert DutyRecord.objects.filter(member=brown).count() == 0


@pytest.mark.parametrize("persona", ["bcu_commander", "force_viewer", "other_sergeant", "partner"])
def test_others_cannot_write(client_for, world, crew, persona):
    response = client_for(persona).post(day_url(world, crew[1], MONDAY), {"quick": "normal"})
    assert response.status_code == 404
    assert DutyRecord.objects.count() == 0


def test_bad_hours_are_refused_beside_the_field_and_kept(client_for, world, crew):
    adams, _ = crew
    response = client_for("sergeant").post(
        day_url(world, adams, MONDAY),
        entries({"activity": "patrol", "hours": "25"}, {"activity": "", "hours": "3"}),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'id="id_entry-0-hours-error"' in body
    assert "less than or equal to 24" in body
    assert "Choose what these hours were spent on." in body
    assert 'value="25"' in body  # what was typed is kept
    assert DutyRecord.objects.count() == 0


def test_more_than_24_hours_in_a_day_is_refused_and_nothing_saved(client_for, world, crew):
    adams, _ = crew
    # 20 h already logged with Bravo that day; 8 more with Alpha would make 28 > 24.
    f.DutyRecordFactory(member=adams, team=world.bravo, date=MONDAY, hours=Decimal("20"))
    response = client_for("sergeant").post(
        day_url(world, adams, MONDAY), entries({"activity": "patrol", "hours": "8"})
    )
    assert response.status_code == 200
    assert "at most 24 hours" in response.content.decode()
    assert DutyRecord.objects.filter(team=world.alpha).count() == 0


def test_unknown_member_or_bad_date_is_404(client_for, world, crew):
    client = client_for("sergeant")
    assert client.get(f"/teams/{world.alpha.pk}/duty/999999/2025-03-03/").status_code == 404
    assert client.get(f"/teams/{world.alpha.pk}/duty/{crew[0].pk}/2025-13-40/").status_code == 404
