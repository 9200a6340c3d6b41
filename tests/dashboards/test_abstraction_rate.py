"""Abstraction rate, DESIGN.md 4.1, with hand-worked figures."""

import datetime as dt
from decimal import Decimal

import pytest

from dashboards.selectors import UnknownScope, abstraction_rate, abstraction_rate_many
from tests import factories as f

MON = dt.date(2025, 3, 3)
TUE = dt.date(2025, 3, 4)
WED = dt.date(2025, 3, 5)


def _log(member, team, day, hours, activity, paid_overtime=False):
    return f.DutyRecordFactory(
        member=member,
        team=team,
        date=day,
        hours=Decimal(str(hours)),
        activity=activity,
        paid_overtime=paid_overtime,
    )


@pytest.fixture
def worked_example(world):
    """DESIGN.md 4.1: PC A logs 8 h patrol, 8 h response_cover, 8 h rest_day, 4 h
    custody_cover on paid overtime; PCSO B logs 8 h engagement, 8 h sickness, 7.5 h np_related.
    Both are posted to Alpha. The force reads leave as DESIGN.md's example does (duty time only,
    ``leave_is_dedicated`` false); the seed's default reading is in test_abstraction_leave.py."""
    world.force.leave_is_dedicated = False
    world.force.save()
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
    return pc, pcso


def test_worked_example_sickness_is_abstraction(world, worked_example, django_assert_num_queries):
    # Working: PC 8 patrol + 8 response = 16; PCSO 8 + 8 sickness + 7.5 = 23.5; total 39.5.
    # Abstracted: 8 response_cover + 8 sickness = 16. Rate 16 / 39.5 = 0.40506 -> 0.4051.
    # Queries: scope + policy, one GROUP BY (activity, overtime, role) for every figure.
    with django_assert_num_queries(2):
        fig = abstraction_rate(start=MON, end=WED, team_id=world.alpha.id)
    assert fig["working_hours"] == 39.5
    assert fig["abstracted_hours"] == 16.0
    assert fig["rate"] == pytest.approx(0.4051, abs=5e-5)
    assert fig["protected_rate"] == pytest.approx(0.5949, abs=5e-5)
    assert fig["limit"] == 0.2
    assert fig["breach"] is True
    # Paid overtime (4 h custody_cover) is on neither side but reported separately.
    assert fig["paid_overtime_hours"] == 4.0
    assert fig["by_activity"] == {
        "engagement": 8.0,
        "np_related": 7.5,
        "patrol": 8.0,
        "response_cover": 8.0,
        "rest_day": 8.0,
        "sickness": 8.0,
    }
    # Constable: 16 working, 8 abstracted, 0.5. PCSO: 23.5 working, 8 sickness, 0.3404.
    assert fig["by_role"]["constable"]["working_hours"] == 16.0
    assert fig["by_role"]["constable"]["abstracted_hours"] == 8.0
    assert fig["by_role"]["constable"]["rate"] == 0.5
    assert fig["by_role"]["pcso"]["working_hours"] == 23.5
    assert fig["by_role"]["pcso"]["rate"] == pytest.approx(8 / 23.5)
    assert set(fig["by_role"]) == {"constable", "pcso"}


def test_worked_example_sickness_not_abstraction(world, worked_example):
    world.force.sickness_is_abstraction = False
    world.force.save()
    # Sickness leaves both sides: working 39.5 - 8 = 31.5, abstracted 16 - 8 = 8.
    # Rate 8 / 31.5 = 0.25397 -> 0.2540.
    fig = abstraction_rate(start=MON, end=WED, team_id=world.alpha.id)
    assert fig["working_hours"] == 31.5
    assert fig["abstracted_hours"] == 8.0
    assert fig["rate"] == pytest.approx(0.2540, abs=5e-5)
    assert fig["breach"] is True
    assert fig["by_role"]["pcso"]["working_hours"] == 15.5
    assert fig["by_role"]["pcso"]["abstracted_hours"] == 0.0


def test_same_figures_at_bcu_force_and_member_scope(world, worked_example):
    pc, pcso = worked_example
    for scope in ({"bcu_id": world.north.id}, {"force_id": world.force.id}):
        fig = abstraction_rate(start=MON, end=WED, **scope)
        assert (fig["working_hours"], fig["abstracted_hours"]) == (39.5, 16.0)
    # PC A alone: 16 working, 8 abstracted (the overtime custody cover is excluded).
    fig = abstraction_rate(start=MON, end=WED, member_id=pc.id)
    assert (fig["working_hours"], fig["abstracted_hours"], fig["rate"]) == (16.0, 8.0, 0.5)


def test_paid_overtime_is_excluded_from_both_sides(world):
    member = f.PostingFactory(team=world.bravo, role="constable").member
    _log(member, world.bravo, MON, 8, "patrol")
    _log(member, world.bravo, MON, 10, "response_cover", paid_overtime=True)
    _log(member, world.bravo, TUE, 6, "patrol", paid_overtime=True)
    # Only the 8 h of patrol count: working 8, abstracted 0, rate 0.
    fig = abstraction_rate(start=MON, end=TUE, team_id=world.bravo.id)
    assert (fig["working_hours"], fig["abstracted_hours"], fig["rate"]) == (8.0, 0.0, 0.0)
    assert fig["paid_overtime_hours"] == 16.0
    assert fig["breach"] is False
    assert "response_cover" not in fig["by_activity"]


def test_bcu_rate_is_hours_weighted_not_mean_of_team_rates(world):
    a = f.PostingFactory(team=world.alpha, role="constable").member
    b = f.PostingFactory(team=world.bravo, role="constable").member
    # Alpha: 10 h working, 5 abstracted (0.5). Bravo: 40 h working, 4 abstracted (0.1).
    _log(a, world.alpha, MON, 5, "patrol")
    _log(a, world.alpha, MON, 5, "public_order")
    _log(b, world.bravo, MON, 8, "patrol")
    _log(b, world.bravo, TUE, 8, "patrol")
    _log(b, world.bravo, WED, 8, "engagement")
    _log(b, world.bravo, dt.date(2025, 3, 6), 12, "np_related")
    _log(b, world.bravo, dt.date(2025, 3, 7), 4, "investigation")
    teams = abstraction_rate_many(
        level="team", ids=[world.alpha.id, world.bravo.id], start=MON, end=dt.date(2025, 3, 7)
    )
    assert teams[world.alpha.id]["rate"] == 0.5
    assert teams[world.bravo.id]["rate"] == 0.1
    # North: (5 + 4) / (10 + 40) = 9 / 50 = 0.18, not (0.5 + 0.1) / 2 = 0.3.
    fig = abstraction_rate(start=MON, end=dt.date(2025, 3, 7), bcu_id=world.north.id)
    assert fig["rate"] == pytest.approx(0.18)
    assert fig["breach"] is False


def test_period_is_inclusive_and_other_scopes_are_out(world):
    member = f.PostingFactory(team=world.alpha, role="pcso").member
    _log(member, world.alpha, MON - dt.timedelta(days=1), 8, "response_cover")  # before
    _log(member, world.alpha, MON, 8, "patrol")  # first day
    _log(member, world.alpha, WED, 8, "response_cover")  # last day
    _log(member, world.alpha, WED + dt.timedelta(days=1), 8, "response_cover")  # after
    other = f.PostingFactory(team=world.charlie, role="pcso").member
    _log(other, world.charlie, TUE, 8, "response_cover")  # another BCU
    fig = abstraction_rate(start=MON, end=WED, bcu_id=world.north.id)
    assert (fig["working_hours"], fig["abstracted_hours"]) == (16.0, 8.0)


def test_role_is_the_posting_active_on_the_record_date(world):
    member = f.MemberFactory(force=world.force)
    f.PostingFactory(
        member=member,
        team=world.alpha,
        role="pcso",
        start_date=dt.date(2024, 1, 1),
        end_date=MON,
    )
    f.PostingFactory(member=member, team=world.alpha, role="constable", start_date=TUE)
    _log(member, world.alpha, MON, 8, "patrol")  # still a PCSO on the last day of that posting
    _log(member, world.alpha, TUE, 8, "response_cover")  # a constable from the first day
    # A record in Bravo saved before the posting-team rule (the services refuse it now): its
    # role is the member's posting that day in whichever team, a constable in Alpha.
    _log(member, world.bravo, WED, 8, "patrol")
    # Nor any posting at all (a member never posted): in the totals, in no role.
    stranger = f.MemberFactory(force=world.force)
    _log(stranger, world.alpha, WED, 5, "patrol")
    fig = abstraction_rate(start=MON, end=WED, member_id=member.id)
    assert fig["by_role"]["pcso"]["working_hours"] == 8.0
    assert fig["by_role"]["constable"]["abstracted_hours"] == 8.0
    assert fig["by_role"]["constable"]["working_hours"] == 16.0
    assert set(fig["by_role"]) == {"constable", "pcso"}
    fig = abstraction_rate(start=MON, end=WED, team_id=world.alpha.id)
    assert fig["working_hours"] == 21.0  # 8 + 8 + 5
    assert set(fig["by_role"]) == {"constable", "pcso"}


def test_loan_to_another_team_counts_in_the_own_team(world):
    """A constable of Alpha lent to Bravo for a day records it in Alpha as other duty (the
    services refuse Bravo): Alpha's abstraction, not Bravo's dedicated time."""
    from teams.services import duty_record_create

    pc = f.PostingFactory(team=world.alpha, role="constable", start_date=MON).member
    duty_record_create(member=pc, team=world.alpha, date=MON, hours=8, activity="patrol")
    duty_record_create(member=pc, team=world.alpha, date=TUE, hours=8, activity="other_duty")
    alpha = abstraction_rate(start=MON, end=TUE, team_id=world.alpha.id)
    bravo = abstraction_rate(start=MON, end=TUE, team_id=world.bravo.id)
    # Alpha: 16 working, 8 abstracted, 0.5. Bravo: nothing.
    assert (alpha["working_hours"], alpha["abstracted_hours"], alpha["rate"]) == (16.0, 8.0, 0.5)
    assert bravo["working_hours"] == 0.0


def test_no_working_hours_gives_null_rate(world):
    world.force.leave_is_dedicated = False
    world.force.save()
    member = f.PostingFactory(team=world.alpha).member
    _log(member, world.alpha, MON, 8, "rest_day")
    fig = abstraction_rate(start=MON, end=WED, team_id=world.alpha.id)
    assert fig["working_hours"] == 0.0
    assert fig["rate"] is None
    assert fig["protected_rate"] is None
    assert fig["breach"] is False


def test_many_scopes_take_a_fixed_number_of_queries(world, django_assert_num_queries):
    for team in (world.alpha, world.bravo, world.charlie):
        member = f.PostingFactory(team=team).member
        _log(member, team, MON, 8, "patrol")
    # Scopes, one GROUP BY (team, activity, overtime, role): 2 queries for every team.
    with django_assert_num_queries(2):
        teams = abstraction_rate_many(level="team", ids=None, start=MON, end=WED)
    assert teams[world.charlie.id]["working_hours"] == 8.0
    assert teams[world.other_team.id]["working_hours"] == 0.0


def test_exactly_one_scope_and_known_ids(world):
    with pytest.raises(ValueError):
        abstraction_rate(start=MON, end=WED, team_id=world.alpha.id, bcu_id=world.north.id)
    with pytest.raises(ValueError):
        abstraction_rate(start=MON, end=WED)
    with pytest.raises(UnknownScope) as err:
        abstraction_rate(start=MON, end=WED, team_id=987654)
    assert err.value.param == "team"
