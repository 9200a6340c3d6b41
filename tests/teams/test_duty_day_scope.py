"""The day editor serves only members posted to the team on that day (issue 8, first hole).

Before: a sergeant could open ``/teams/<own team>/duty/<member of another BCU>/<date>/``, read
that officer's name and the hours logged elsewhere, and save duty time for them into their own
team. Now any member not posted to the team on the day is a 404 that shows and saves nothing.
"""

import datetime as dt
from decimal import Decimal

import pytest

from teams.models import DutyRecord
from tests import factories as f

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 4)


def day_url(team, member, day=DAY):
    return f"/teams/{team.pk}/duty/{member.pk}/{day.isoformat()}/"


@pytest.fixture
def outsider(world):
    """PC Cole of team Charlie (South BCU), with 8 hours logged there on DAY."""
    cole = f.MemberFactory(force=world.force, name="PC Cole")
    f.PostingFactory(member=cole, team=world.charlie, start_date=dt.date(2024, 1, 1))
    f.DutyRecordFactory(member=cole, team=world.charlie, date=DAY, hours=Decimal("8"))
    return cole


def test_another_bcus_member_is_not_found_and_not_named(client_for, world, outsider):
    response = client_for("sergeant").get(day_url(world.alpha, outsider))
    assert response.status_code == 404
    assert "Cole" not in response.content.decode()


def test_saving_for_another_bcus_member_saves_nothing(client_for, world, outsider):
    data = {
        "entry-TOTAL_FORMS": "1",
        "entry-INITIAL_FORMS": "0",
        "entry-0-activity": "patrol",
        "entry-0-hours": "4",
    }
    response = client_for("sergeant").post(day_url(world.alpha, outsider), data)
    assert response.status_code == 404
    assert DutyRecord.objects.filter(member=outsider).count() == 1
    assert not DutyRecord.objects.filter(team=world.alpha).exists()


def test_a_member_whose_posting_ended_is_not_editable_after_it(client_for, world):
    leaver = f.MemberFactory(force=world.force, name="PCSO Lane")
    f.PostingFactory(
        member=leaver,
        team=world.alpha,
        start_date=dt.date(2024, 1, 1),
        end_date=DAY - dt.timedelta(days=1),
    )
    client = client_for("sergeant")
    assert client.get(day_url(world.alpha, leaver, DAY - dt.timedelta(days=1))).status_code == 200
    assert client.get(day_url(world.alpha, leaver, DAY)).status_code == 404


def test_an_officer_edits_only_their_own_day(client_for, world, personas):
    own = f.MemberFactory(force=world.force, name="PC Adams", user=personas["officer"])
    colleague = f.MemberFactory(force=world.force, name="PCSO Brown")
    for member in (own, colleague):
        f.PostingFactory(member=member, team=world.alpha, start_date=dt.date(2024, 1, 1))
    client = client_for("officer")
    assert client.get(day_url(world.alpha, own)).status_code == 200
    assert client.get(day_url(world.alpha, colleague)).status_code == 404
