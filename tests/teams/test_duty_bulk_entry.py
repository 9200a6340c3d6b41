"""Bulk duty entry (issue 13): a week from a pattern, last week copied, a day for the team.
All of it or nothing; days already filled are skipped and counted, never overwritten."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from teams import services
from teams.models import DutyRecord
from teams.selectors import duty_week_rows
from tests import factories as f

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 3, 3)
LAST_MONDAY = dt.date(2025, 2, 24)


@pytest.fixture
def crew(world):
    adams = f.MemberFactory(force=world.force, name="PC Adams")
    brown = f.MemberFactory(force=world.force, name="PCSO Brown")
    f.PostingFactory(member=adams, team=world.alpha, start_date=dt.date(2024, 1, 1))
    f.PostingFactory(member=brown, team=world.alpha, role="pcso", start_date=dt.date(2024, 1, 1))
    return adams, brown


def hours(member, **filters):
    return DutyRecord.objects.filter(member=member, **filters).aggregate(h=Sum("hours"))["h"]


def test_weekday_pattern_is_40_hours_worked_and_two_rest_days(world, crew):
    adams, _ = crew
    days = services.WEEK_PATTERNS["weekdays"][1]
    result = services.duty_week_fill(member=adams, team=world.alpha, monday=MONDAY, days=days)
    assert len(result.filled) == 7 and not result.skipped_filled
    # Mon-Fri 5 x 8 h patrol = 40 h; Sat 8 Mar and Sun 9 Mar rest days.
    assert hours(adams, activity="patrol") == Decimal("40")
    rest = DutyRecord.objects.filter(member=adams, activity="rest_day").order_by("date")
    assert [r.date for r in rest] == [dt.date(2025, 3, 8), dt.date(2025, 3, 9)]
    # The grid's week column says 40 h worked and 16 h rest/leave beside it, not 56 h.
    row = next(r for r in duty_week_rows(team=world.alpha, monday=MONDAY) if r["member"] == adams)
    assert row["week"]["worked"] == Decimal("40")
    assert row["week"]["off"] == Decimal("16")


def test_pattern_skips_filled_days_and_counts_them(world, crew):
    adams, _ = crew
    f.DutyRecordFactory(member=adams, team=world.alpha, date=MONDAY, activity="sickness")
    days = services.WEEK_PATTERNS["four_tens"][1]
    result = services.duty_week_fill(member=adams, team=world.alpha, monday=MONDAY, days=days)
    assert len(result.skipped_filled) == 1 and len(result.filled) == 6
    # Tue-Thu 3 x 10 h patrol (Monday kept its sickness); Fri-Sun rest.
    assert hours(adams, activity="patrol") == Decimal("30")
    assert hours(adams, date=MONDAY) == Decimal("8")


def test_custom_pattern_refused_on_one_day_saves_nothing(world, crew):
    adams, _ = crew
    # Wednesday already has 20 h in another team: 8 more would pass 24 h.
    f.PostingFactory(member=adams, team=world.bravo, start_date=dt.date(2024, 1, 1))
    f.DutyRecordFactory(
        member=adams, team=world.bravo, date=MONDAY + dt.timedelta(days=2), hours=20
    )
    days = [[{"activity": "patrol", "hours": "8"}]] * 5 + [[], []]
    with pytest.raises(ValidationError) as error:
        services.duty_week_fill(member=adams, team=world.alpha, monday=MONDAY, days=days)
    assert "PC Adams, Wednesday 5 March" in error.value.message_dict["day"][0]
    assert not DutyRecord.objects.filter(member=adams, team=world.alpha).exists()


def test_unposted_days_are_skipped(world, crew):
    adams, _ = crew
    late = f.MemberFactory(force=world.force, name="PC Late")
    f.PostingFactory(member=late, team=world.alpha, start_date=MONDAY + dt.timedelta(days=3))
    days = services.WEEK_PATTERNS["weekdays"][1]
    result = services.duty_week_fill(member=late, team=world.alpha, monday=MONDAY, days=days)
    # Posted from Thursday: Mon-Wed skipped; Thu, Fri patrol (16 h) and the weekend's rest.
    assert len(result.skipped_unposted) == 3
    assert hours(late, activity="patrol") == Decimal("16")


def test_copy_last_week_for_the_team_skips_filled_days(world, crew):
    adams, brown = crew
    for i in range(5):
        f.DutyRecordFactory(member=adams, team=world.alpha, date=LAST_MONDAY + dt.timedelta(days=i))
    f.DutyRecordFactory(
        member=brown, team=world.alpha, date=LAST_MONDAY, hours=4, activity="engagement"
    )
    f.DutyRecordFactory(
        member=brown,
        team=world.alpha,
        date=LAST_MONDAY,
        hours=4,
        activity="response_cover",
        paid_overtime=True,
    )
    f.DutyRecordFactory(member=brown, team=world.alpha, date=LAST_MONDAY + dt.timedelta(days=1))
    # This week Adams's Tuesday is already filled (annual leave): it is kept.
    f.DutyRecordFactory(
        member=adams, team=world.alpha, date=MONDAY + dt.timedelta(days=1), activity="annual_leave"
    )
    result = services.duty_week_copy_previous(
        members=[adams, brown], team=world.alpha, monday=MONDAY
    )
    # Adams: 5 days last week, Tuesday skipped -> 4 copied; Brown: Monday (split) and Tuesday.
    assert len(result.filled) == 6
    assert [(m.name, d) for m, d in result.skipped_filled] == [
        ("PC Adams", MONDAY + dt.timedelta(days=1))
    ]
    assert hours(adams, date__gte=MONDAY, activity="patrol") == Decimal("32")
    assert hours(adams, date__gte=MONDAY, activity="annual_leave") == Decimal("8")
    monday = DutyRecord.objects.filter(member=brown, date=MONDAY).order_by("activity")
    assert [(r.activity, r.hours, r.paid_overtime) for r in monday] == [
        ("engagement", Decimal("4.00"), False),
        ("response_cover", Decimal("4.00"), True),
    ]


def test_fill_a_day_for_the_whole_team(world, crew):
    adams, brown = crew
    wednesday = MONDAY + dt.timedelta(days=2)
    f.DutyRecordFactory(member=brown, team=world.alpha, date=wednesday, activity="rest_day")
    result = services.duty_day_fill_team(
        members=[adams, brown],
        team=world.alpha,
        date=wednesday,
        activity="public_order",
        hours="10",
    )
    assert [m.name for m, _d in result.filled] == ["PC Adams"]
    assert [m.name for m, _d in result.skipped_filled] == ["PCSO Brown"]
    assert hours(adams, date=wednesday, activity="public_order") == Decimal("10")
    assert hours(brown, date=wednesday) == Decimal("8")


@pytest.mark.parametrize("counted,worked", [(True, Decimal("16")), (False, Decimal("8"))])
def test_week_total_counts_sickness_as_the_abstraction_panel_does(world, crew, counted, worked):
    # 8 h patrol on Monday, 8 h sick on Tuesday: 16 h of working time when the force counts
    # sickness as an abstraction (DESIGN.md 4.1), else 8 h and the sickness left out.
    adams, _ = crew
    world.force.sickness_is_abstraction = counted
    world.force.save()
    f.DutyRecordFactory(member=adams, team=world.alpha, date=MONDAY)
    f.DutyRecordFactory(
        member=adams, team=world.alpha, date=MONDAY + dt.timedelta(days=1), activity="sickness"
    )
    row = next(r for r in duty_week_rows(team=world.alpha, monday=MONDAY) if r["member"] == adams)
    assert (row["week"]["worked"], row["week"]["sick"]) == (worked, Decimal("8"))
    assert row["week"]["sick_counted"] is counted
