"""Duty time belongs to the team the member is posted to on that day (DESIGN.md section 3,
DutyRecord): any other team is refused naming ``team``, and nothing is saved. Time lent to
another team is recorded in the member's own team as an abstraction."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from teams.models import DutyRecord
from teams.services import duty_day_replace, duty_record_create, duty_record_update
from tests import factories as f

pytestmark = pytest.mark.django_db
START = dt.date(2025, 3, 1)
END = dt.date(2025, 3, 31)


@pytest.fixture
def pc(world):
    """Posted to Alpha for March 2025 only."""
    return f.PostingFactory(
        team=world.alpha, role="constable", start_date=START, end_date=END
    ).member


def test_another_team_is_refused_naming_team(world, pc):
    # Lent to Bravo for a day: not Bravo's time.
    with pytest.raises(ValidationError) as error:
        duty_record_create(
            member=pc, team=world.bravo, date=dt.date(2025, 3, 10), hours=8, activity="patrol"
        )
    assert "team" in error.value.message_dict
    assert "not posted to Bravo NPT" in error.value.message_dict["team"][0]
    assert not DutyRecord.objects.exists()


def test_the_loan_is_an_abstraction_of_the_own_team(world, pc):
    record = duty_record_create(
        member=pc, team=world.alpha, date=dt.date(2025, 3, 10), hours=8, activity="other_duty"
    )
    assert (record.team, record.activity) == (world.alpha, "other_duty")


@pytest.mark.parametrize(
    "day,allowed",
    [
        (dt.date(2025, 2, 28), False),  # the day before the posting starts
        (START, True),  # first day in post
        (END, True),  # last day in post
        (dt.date(2025, 4, 1), False),  # the day after it ends
    ],
)
def test_posting_dates_are_inclusive(world, pc, day, allowed):
    if allowed:
        duty_record_create(member=pc, team=world.alpha, date=day, hours=8, activity="patrol")
        assert DutyRecord.objects.count() == 1
    else:
        with pytest.raises(ValidationError) as error:
            duty_record_create(member=pc, team=world.alpha, date=day, hours=8, activity="patrol")
        assert "team" in error.value.message_dict


def test_update_cannot_move_a_record_out_of_the_posting(world, pc):
    record = duty_record_create(
        member=pc, team=world.alpha, date=dt.date(2025, 3, 10), hours=8, activity="patrol"
    )
    with pytest.raises(ValidationError) as error:
        duty_record_update(record=record, team=world.bravo)
    assert "team" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        duty_record_update(record=record, date=dt.date(2025, 4, 2))
    assert "team" in error.value.message_dict
    record.refresh_from_db()
    assert (record.team_id, record.date) == (world.alpha.id, dt.date(2025, 3, 10))


def test_day_replace_refuses_a_team_the_member_is_not_in(world, pc):
    with pytest.raises(ValidationError) as error:
        duty_day_replace(
            member=pc,
            team=world.bravo,
            date=dt.date(2025, 3, 10),
            entries=[{"activity": "patrol", "hours": "8"}],
        )
    assert "team" in error.value.message_dict
    assert not DutyRecord.objects.exists()


def test_api_answers_400_naming_team(client_for, world, pc):
    response = client_for("force_admin").post(
        "/api/v1/duty-records/",
        {
            "member": pc.id,
            "team": world.bravo.id,
            "date": "2025-03-10",
            "hours": "8",
            "activity": "patrol",
        },
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert "team" in str(response.json())
    assert not DutyRecord.objects.exists()
