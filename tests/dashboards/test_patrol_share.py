"""The share of working time on patrol beside the abstraction rate ("% time spent on patrol",
seeds/004 lines 21195-21200): patrol hours over the hours on duty (working hours without rest
days and annual leave; paid overtime on neither side)."""

import datetime as dt
from decimal import Decimal

import pytest

from dashboards.selectors import abstraction_rate
from tests import factories as f

MON = dt.date(2025, 3, 3)
TUE = dt.date(2025, 3, 4)
WED = dt.date(2025, 3, 5)


def _log(member, team, day, hours, activity, paid_overtime=False):
    f.DutyRecordFactory(
        member=member,
        team=team,
        date=day,
        hours=Decimal(str(hours)),
        activity=activity,
        paid_overtime=paid_overtime,
    )


@pytest.fixture
def example(world):
    """DESIGN.md 4.1's example: PC A 8 h patrol, 8 h response_cover, 8 h rest_day, 4 h
    custody_cover on paid overtime, 2 h patrol on paid overtime; PCSO B 8 h engagement, 8 h
    sickness, 7.5 h np_related."""
    team = world.alpha
    pc = f.PostingFactory(team=team, role="constable", start_date=dt.date(2024, 1, 1)).member
    pcso = f.PostingFactory(team=team, role="pcso", start_date=dt.date(2024, 1, 1)).member
    _log(pc, team, MON, 8, "patrol")
    _log(pc, team, TUE, 8, "response_cover")
    _log(pc, team, WED, 8, "rest_day")
    _log(pc, team, WED, 4, "custody_cover", paid_overtime=True)
    _log(pc, team, TUE, 2, "patrol", paid_overtime=True)
    _log(pcso, team, MON, 8, "engagement")
    _log(pcso, team, TUE, 8, "sickness")
    _log(pcso, team, WED, 7.5, "np_related")
    return team


def test_patrol_share_with_leave_dedicated(world, example, django_assert_num_queries):
    # Working 47.5 includes the 8 h rest day; on duty 47.5 - 8 = 39.5; patrol 8 (the 2 h on
    # overtime excluded): 8 / 39.5 = 0.20253.
    with django_assert_num_queries(2):
        fig = abstraction_rate(start=MON, end=WED, team_id=example.id)
    assert (fig["patrol_hours"], fig["on_duty_hours"]) == (8.0, 39.5)
    assert fig["patrol_share"] == pytest.approx(0.2025, abs=5e-5)


def test_patrol_share_is_the_same_in_the_duty_time_reading(world, example):
    world.force.leave_is_dedicated = False
    world.force.save()
    # Working 39.5 already leaves the rest day out: the same 8 / 39.5.
    fig = abstraction_rate(start=MON, end=WED, team_id=example.id)
    assert (fig["working_hours"], fig["on_duty_hours"]) == (39.5, 39.5)
    assert fig["patrol_share"] == pytest.approx(0.2025, abs=5e-5)


def test_no_time_on_duty_gives_null(world):
    member = f.PostingFactory(team=world.bravo).member
    _log(member, world.bravo, MON, 8, "annual_leave")
    fig = abstraction_rate(start=MON, end=WED, team_id=world.bravo.id)
    assert (fig["working_hours"], fig["on_duty_hours"], fig["patrol_share"]) == (8.0, 0.0, None)


def test_the_api_and_the_dashboard_show_it(client_for, world, example):
    body = (
        client_for("sergeant")
        .get(
            "/api/v1/metrics/abstraction/",
            {"team": example.id, "start": "2025-03-03", "end": "2025-03-05"},
        )
        .json()
    )
    assert body["patrol_share"] == pytest.approx(8 / 39.5)
