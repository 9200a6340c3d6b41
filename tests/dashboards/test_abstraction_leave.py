"""Rest days and annual leave in the abstraction rate (DESIGN.md 4.1 and 3): dedicated time when
``Force.leave_is_dedicated`` (the seed's definition, seeds/004 lines 21165-21168), else left out
of both sides. The DESIGN.md 4.1 worked example in each reading, worked by hand."""

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
    """PC A: 8 h patrol, 8 h response_cover, 8 h rest_day, 4 h custody_cover on paid overtime.
    PCSO B: 8 h engagement, 8 h sickness, 7.5 h np_related. Both posted to Alpha."""
    team = world.alpha
    pc = f.PostingFactory(team=team, role="constable", start_date=dt.date(2024, 1, 1)).member
    pcso = f.PostingFactory(team=team, role="pcso", start_date=dt.date(2024, 1, 1)).member
    _log(pc, team, MON, 8, "patrol")
    _log(pc, team, TUE, 8, "response_cover")
    _log(pc, team, WED, 8, "rest_day")
    _log(pc, team, WED, 4, "custody_cover", paid_overtime=True)
    _log(pcso, team, MON, 8, "engagement")
    _log(pcso, team, TUE, 8, "sickness")
    _log(pcso, team, WED, 7.5, "np_related")
    return team


def _policy(force, *, leave, sickness):
    force.leave_is_dedicated = leave
    force.sickness_is_abstraction = sickness
    force.save()


def test_leave_is_dedicated_by_default(world):
    assert f.ForceFactory().leave_is_dedicated is True


def test_seed_reading_leave_dedicated(world, example, django_assert_num_queries):
    _policy(world.force, leave=True, sickness=True)
    # Working: PC 8 patrol + 8 response + 8 rest day = 24; PCSO 8 + 8 + 7.5 = 23.5; 47.5.
    # Abstracted: 8 response_cover + 8 sickness = 16. Rate 16 / 47.5 = 0.33684 -> 0.3368.
    with django_assert_num_queries(2):  # scope + policy; one GROUP BY
        fig = abstraction_rate(start=MON, end=WED, team_id=example.id)
    assert fig["working_hours"] == 47.5
    assert fig["abstracted_hours"] == 16.0
    assert fig["rate"] == pytest.approx(0.3368, abs=5e-5)
    assert fig["leave_is_dedicated"] is True
    # The constable's rest day is on the dedicated side: 24 working, 8 abstracted.
    assert fig["by_role"]["constable"]["working_hours"] == 24.0
    assert fig["by_role"]["constable"]["rate"] == pytest.approx(8 / 24)


def test_duty_time_reading_leave_off(world, example):
    _policy(world.force, leave=False, sickness=True)
    # The rest day leaves both sides: working 16 + 23.5 = 39.5, abstracted 16: 0.4051.
    fig = abstraction_rate(start=MON, end=WED, team_id=example.id)
    assert (fig["working_hours"], fig["abstracted_hours"]) == (39.5, 16.0)
    assert fig["rate"] == pytest.approx(0.4051, abs=5e-5)
    assert fig["leave_is_dedicated"] is False
    # Still reported by activity, on neither side.
    assert fig["by_activity"]["rest_day"] == 8.0


def test_duty_time_reading_sickness_off(world, example):
    _policy(world.force, leave=False, sickness=False)
    # Rest day and sickness leave both sides: working 16 + 15.5 = 31.5, abstracted 8: 0.2540.
    fig = abstraction_rate(start=MON, end=WED, team_id=example.id)
    assert (fig["working_hours"], fig["abstracted_hours"]) == (31.5, 8.0)
    assert fig["rate"] == pytest.approx(0.2540, abs=5e-5)


def test_annual_leave_follows_the_same_policy(world):
    member = f.PostingFactory(team=world.bravo, role="pcso").member
    _log(member, world.bravo, MON, 6, "patrol")
    _log(member, world.bravo, TUE, 7, "annual_leave")
    _log(member, world.bravo, WED, 7, "other_duty")
    # Leave dedicated: working 6 + 7 + 7 = 20, abstracted 7: 0.35.
    fig = abstraction_rate(start=MON, end=WED, team_id=world.bravo.id)
    assert (fig["working_hours"], fig["abstracted_hours"], fig["rate"]) == (20.0, 7.0, 0.35)
    _policy(world.force, leave=False, sickness=True)
    # Leave off: working 13, abstracted 7: 7 / 13.
    fig = abstraction_rate(start=MON, end=WED, team_id=world.bravo.id)
    assert (fig["working_hours"], fig["abstracted_hours"]) == (13.0, 7.0)
    assert fig["rate"] == pytest.approx(7 / 13)
