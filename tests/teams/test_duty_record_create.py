import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teams.models import DutyRecord
from teams.services import duty_day_replace, duty_record_create, duty_record_update
from tests import factories as f

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 3, 3)


@pytest.fixture
def member(world):
    """Posted to Alpha (full time) and, part time, to Bravo: time may be recorded in both."""
    member = f.MemberFactory(force=world.force)
    f.PostingFactory(
        member=member, team=world.alpha, role="constable", fte="0.5", start_date=dt.date(2024, 1, 1)
    )
    f.PostingFactory(
        member=member, team=world.bravo, role="constable", fte="0.5", start_date=dt.date(2024, 1, 1)
    )
    return member


def test_split_shift_is_several_records(world, member):
    duty_record_create(member=member, team=world.alpha, date=DAY, hours="4", activity="patrol")
    duty_record_create(
        member=member, team=world.alpha, date=DAY, hours="4.5", activity="response_cover"
    )
    assert DutyRecord.objects.filter(member=member, date=DAY).count() == 2


@pytest.mark.parametrize("hours", ["0", "-2", "25", "eight"])
def test_hours_out_of_range_name_the_field(world, member, hours):
    with pytest.raises(ValidationError) as error:
        duty_record_create(
            member=member, team=world.alpha, date=DAY, hours=hours, activity="patrol"
        )
    assert "hours" in error.value.message_dict
    assert not DutyRecord.objects.exists()


def test_a_day_cannot_exceed_24_hours(world, member):
    duty_record_create(member=member, team=world.alpha, date=DAY, hours="16", activity="patrol")
    with pytest.raises(ValidationError) as error:
        # 16 + 8.5 = 24.5 > 24
        duty_record_create(
            member=member, team=world.bravo, date=DAY, hours="8.5", activity="engagement"
        )
    assert "24" in error.value.message_dict["hours"][0]
    # 16 + 8 = 24 is allowed.
    duty_record_create(member=member, team=world.bravo, date=DAY, hours="8", activity="engagement")


def test_unknown_activity_names_the_field(world, member):
    with pytest.raises(ValidationError) as error:
        duty_record_create(member=member, team=world.alpha, date=DAY, hours=8, activity="golf")
    assert "activity" in error.value.message_dict


def test_update_checks_the_day_total_without_counting_itself(world, member):
    record = duty_record_create(
        member=member, team=world.alpha, date=DAY, hours=12, activity="patrol"
    )
    duty_record_create(member=member, team=world.alpha, date=DAY, hours=10, activity="patrol")
    duty_record_update(record=record, hours="14")  # 14 + 10 = 24
    with pytest.raises(ValidationError):
        duty_record_update(record=record, hours="14.5")
    record.refresh_from_db()
    assert record.hours == Decimal("14.00")


def test_day_replace_is_all_or_nothing(world, member):
    duty_record_create(member=member, team=world.alpha, date=DAY, hours=8, activity="patrol")
    with pytest.raises(ValidationError) as error:
        duty_day_replace(
            member=member,
            team=world.alpha,
            date=DAY,
            entries=[
                {"activity": "engagement", "hours": "4"},
                {"activity": "custody_cover", "hours": "0"},
            ],
        )
    assert "entries[1].hours" in error.value.message_dict
    # The original 8 h patrol is untouched.
    assert list(DutyRecord.objects.values_list("activity", "hours")) == [
        ("patrol", Decimal("8.00"))
    ]

    duty_day_replace(
        member=member,
        team=world.alpha,
        date=DAY,
        entries=[
            {"activity": "engagement", "hours": "4"},
            {"activity": "custody_cover", "hours": "4", "paid_overtime": True},
        ],
    )
    assert sorted(DutyRecord.objects.values_list("activity", "hours", "paid_overtime")) == [
        ("custody_cover", Decimal("4.00"), True),
        ("engagement", Decimal("4.00"), False),
    ]


def test_duty_changes_are_kept_in_history(world, member):
    record = duty_record_create(
        member=member, team=world.alpha, date=DAY, hours=8, activity="patrol"
    )
    duty_record_update(record=record, activity="response_cover")
    assert [h.activity for h in record.history.order_by("history_date")] == [
        "patrol",
        "response_cover",
    ]
