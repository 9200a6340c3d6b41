"""The bulk-entry forms under the week grid (issue 13): who may use them, what they say."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db.models import Sum

from teams.models import DutyRecord
from tests import factories as f

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 3, 3)


@pytest.fixture
def crew(world, personas):
    adams = f.MemberFactory(force=world.force, name="PC Adams", user=personas["officer"])
    brown = f.MemberFactory(force=world.force, name="PCSO Brown")
    f.PostingFactory(member=adams, team=world.alpha, start_date=dt.date(2024, 1, 1))
    f.PostingFactory(member=brown, team=world.alpha, role="pcso", start_date=dt.date(2024, 1, 1))
    return adams, brown


def url(world, action):
    return f"/teams/{world.alpha.pk}/duty/{action}/"


def total(member):
    return DutyRecord.objects.filter(member=member).aggregate(h=Sum("hours"))["h"]


@pytest.mark.parametrize(
    "persona,status",
    [
        ("sergeant", 302),
        ("force_admin", 302),
        ("officer", 404),  # Brown is not the officer's own record
        ("bcu_commander", 404),
        ("force_viewer", 404),
        ("other_sergeant", 404),
        ("partner", 404),
        ("inspector", 404),
    ],
)
def test_pattern_for_another_member(client_for, world, crew, persona, status):
    _, brown = crew
    response = client_for(persona).post(
        url(world, "fill-week"),
        {"week": MONDAY.isoformat(), "member": brown.pk, "pattern": "weekdays"},
    )
    # An officer gets the form back (Brown is not a choice); everyone else a 404.
    assert response.status_code in ((400,) if persona == "officer" else (status,))
    assert total(brown) == (Decimal("56") if status == 302 else None)


def test_officer_fills_own_week(client_for, world, crew):
    adams, _ = crew
    response = client_for("officer").post(
        url(world, "fill-week"),
        {"week": "2025-03-05", "member": adams.pk, "pattern": "weekdays"},
        follow=True,
    )
    assert "PC Adams&#x27;s week: 7 days filled." in response.content.decode()
    assert total(adams) == Decimal("56")  # 40 h patrol + 2 x 8 h rest days


def test_officer_may_not_copy_or_fill_for_the_team(client_for, world, crew):
    adams, brown = crew
    f.DutyRecordFactory(member=brown, team=world.alpha, date=MONDAY - dt.timedelta(days=7))
    client = client_for("officer")
    response = client.post(url(world, "copy-week"), {"week": MONDAY.isoformat(), "who": "team"})
    assert response.status_code == 400
    response = client.post(
        url(world, "fill-day"),
        {
            "week": MONDAY.isoformat(),
            "date": MONDAY.isoformat(),
            "activity": "patrol",
            "hours": "8",
        },
    )
    assert response.status_code == 404
    assert total(brown) == Decimal("8")  # only last week's record


def test_copy_last_week_says_how_many_days_were_skipped(client_for, world, crew):
    adams, brown = crew
    for i in range(3):
        f.DutyRecordFactory(member=brown, team=world.alpha, date=MONDAY - dt.timedelta(days=7 - i))
    f.DutyRecordFactory(member=brown, team=world.alpha, date=MONDAY, activity="sickness")
    response = client_for("sergeant").post(
        url(world, "copy-week"), {"week": MONDAY.isoformat(), "who": "team"}, follow=True
    )
    body = response.content.decode()
    assert "2 days filled; 1 day skipped because already filled." in body
    assert total(brown) == Decimal("48")  # 3 last week + sickness + 2 copied, 8 h each


def test_fill_day_for_the_team(client_for, world, crew):
    adams, brown = crew
    response = client_for("sergeant").post(
        url(world, "fill-day"),
        {
            "week": MONDAY.isoformat(),
            "date": "2025-03-06",
            "activity": "np_training",
            "hours": "7.5",
        },
    )
    assert response.status_code == 302
    assert total(adams) == total(brown) == Decimal("7.5")


def test_custom_pattern_errors_name_the_day(client_for, world, crew):
    adams, _ = crew
    response = client_for("sergeant").post(
        url(world, "fill-week"),
        {
            "week": MONDAY.isoformat(),
            "member": adams.pk,
            "pattern": "custom",
            "mon_activity": "patrol",
            "tue_hours": "8",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter the hours for Monday." in body
    assert "Choose what Tuesday&#x27;s hours were spent on." in body
    assert total(adams) is None


def test_grid_shows_full_activity_names_and_worked_apart_from_rest(client_for, world, crew):
    adams, _ = crew
    for i in range(5):
        f.DutyRecordFactory(member=adams, team=world.alpha, date=MONDAY + dt.timedelta(days=i))
    for i in (5, 6):
        f.DutyRecordFactory(
            member=adams, team=world.alpha, date=MONDAY + dt.timedelta(days=i), activity="rest_day"
        )
    body = client_for("sergeant").get(f"/teams/{world.alpha.pk}/duty/?week=2025-03-03").content
    body = body.decode()
    assert "8 h Patrol in the neighbourhood" in body
    assert "Patrol in …" not in body
    # 40 h worked, and the 16 h of rest days beside it, not a week of 56 h.
    assert "<strong>40&nbsp;h</strong>" in body and "16&nbsp;h rest/leave" in body
    assert "56 h" not in body


def test_day_editor_fields_are_not_all_labelled_optional(client_for, world, crew):
    adams, _ = crew
    body = client_for("sergeant").get(f"/teams/{world.alpha.pk}/duty/{adams.pk}/2025-03-03/")
    body = body.content.decode()
    assert "(optional)</label>" not in body.split('id="duty-editor"')[1].split("</section>")[0]
    assert "Note (optional, police only)" in body


def test_grid_week_total_agrees_with_the_abstraction_panel(client_for, world, crew):
    adams, brown = crew
    for i in range(5):
        f.DutyRecordFactory(member=adams, team=world.alpha, date=MONDAY + dt.timedelta(days=i))
    for i in (5, 6):
        f.DutyRecordFactory(
            member=adams, team=world.alpha, date=MONDAY + dt.timedelta(days=i), activity="rest_day"
        )
    f.DutyRecordFactory(member=brown, team=world.alpha, date=MONDAY, activity="sickness")
    f.DutyRecordFactory(
        member=brown,
        team=world.alpha,
        date=MONDAY,
        hours=4,
        activity="response_cover",
        paid_overtime=True,
    )
    client = client_for("sergeant")
    grid = client.get(f"/teams/{world.alpha.pk}/duty/?week=2025-03-03").content.decode()
    panel = client.get(
        f"/team/{world.alpha.pk}/abstraction/?start=2025-03-03&end=2025-03-09",
        headers={"HX-Request": "true"},
    ).content.decode()
    # 40 h patrol + 8 h sickness (an abstraction in this force) = 48 h of working time; the
    # 16 h of rest days and the 4 h of paid overtime are in neither.
    team_cell = grid.split('data-testid="week-team"')[1].split("</td>")[0]
    assert "<strong>48&nbsp;h</strong>" in team_cell
    assert "16&nbsp;h rest/leave" in team_cell and "4&nbsp;h paid overtime" in team_cell
    assert re.search(r"Working hours</dt><dd[^>]*>48<", panel)
