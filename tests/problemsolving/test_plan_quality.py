"""Plan quality: the eight checks of DESIGN.md section 3 on hand-made plans, and the averages
per team and BCU."""

import datetime as dt

import pytest

from problemsolving.models import Plan
from problemsolving.selectors import plan_quality, plan_quality_averages
from tests import factories as f

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 3, 1)


def _met(quality) -> set[str]:
    return {check["code"] for check in quality["checks"] if check["met"]}


def _empty_plan(neighbourhood) -> Plan:
    return f.PlanFactory(neighbourhood=neighbourhood, scan="", title="Graffiti")


def _full_plan(neighbourhood, personas) -> Plan:
    priority = f.PriorityFactory(
        neighbourhood=neighbourhood,
        status="closed",
        closed_on=dt.date(2025, 2, 20),
        outcome="resolved",
        public_signoff=True,
    )
    plan = f.PlanFactory(
        neighbourhood=neighbourhood,
        priority=priority,
        title="Motorbikes on the Mill Road service road",
        owner=personas["sergeant"],
        objectives="Cut calls about nuisance riding by half within 12 weeks",
        scan="Nuisance riding every evening",
        victim="Shop staff",
        offender="Four teenagers",
        location="Service road",
        data_sources="Calls for service, council CCTV log",
        risk_assessment="Pursuits forbidden; seize parked bikes only",
        community_impact="Shops report loss of trade",
        assessment="Calls fell from 24 to 5 a month",
        outcome="reduced",
        closure_justification="Traders agreed at the February panel",
        stage="closed",
        opened_on=dt.date(2025, 1, 2),
        closed_on=dt.date(2025, 2, 25),
        next_review_on=dt.date(2025, 3, 10),
    )
    for category in ("enforcement", "prevention", "intelligence", "communication"):
        f.ActionFactory(
            plan=plan, category=category, owner=personas["officer"], due_on=dt.date(2025, 2, 1)
        )
    f.PlanReviewFactory(plan=plan, date=dt.date(2025, 2, 10))
    return plan


def test_an_empty_plan_scores_nothing(world):
    quality = plan_quality(_empty_plan(world.a1), as_of=TODAY)
    assert quality["score"] == 0
    assert quality["max"] == 8
    assert [c["code"] for c in quality["checks"]] == [
        "owner_objectives",
        "analysis",
        "epic",
        "risk_impact",
        "activity",
        "review",
        "results",
        "closure",
    ]
    assert _met(quality) == set()


def test_a_complete_closed_plan_scores_eight(world, personas):
    quality = plan_quality(_full_plan(world.a1, personas), as_of=TODAY)
    assert quality["score"] == 8
    assert all(c["label"] for c in quality["checks"])


def test_a_plan_half_way(world, personas):
    plan = f.PlanFactory(
        neighbourhood=world.a1,
        owner_partner=world.council,
        objectives="No dumping for 8 weeks",
        scan="Fly-tipping in the alley",
        victim="Residents",
        offender="Unknown van",
        location="Alley behind Elm Street",
        data_sources="Council reports",
        risk_assessment="Lone working",  # community impact missing: risk_impact not met
        stage="response",
        next_review_on=dt.date(2025, 2, 20),  # past on 1 March
    )
    for category in ("enforcement", "prevention", "communication"):  # no intelligence
        f.ActionFactory(plan=plan, category=category, owner_partner=world.council, due_on=TODAY)
    f.PlanReviewFactory(plan=plan, date=dt.date(2025, 1, 23))
    quality = plan_quality(plan, as_of=TODAY)
    assert _met(quality) == {"owner_objectives", "analysis", "activity"}
    assert quality["score"] == 3
    # Reviewed in time: the review check is met as well.
    assert plan_quality(plan, as_of=dt.date(2025, 2, 20))["score"] == 4


def test_an_action_without_a_due_date_fails_activity(world, personas):
    plan = f.PlanFactory(neighbourhood=world.a1)
    f.ActionFactory(plan=plan, owner=personas["officer"], due_on=TODAY)
    f.ActionFactory(plan=plan, owner=personas["officer"], due_on=None)
    assert "activity" not in _met(plan_quality(plan, as_of=TODAY))


def test_closure_needs_the_public_signoff(world, personas):
    plan = _full_plan(world.a1, personas)
    plan.priority.public_signoff = False
    plan.priority.save()
    quality = plan_quality(plan, as_of=TODAY)
    assert quality["score"] == 7
    assert "closure" not in _met(quality)


def test_averages_per_team_and_bcu_in_one_query(world, personas, django_assert_num_queries):
    _empty_plan(world.a1)  # Alpha: 0
    _full_plan(world.a2, personas)  # Alpha: 8
    bravo = f.PlanFactory(  # Bravo: owner_objectives only, 1
        neighbourhood=world.b1, owner=personas["other_sergeant"], objectives="Fewer thefts"
    )
    assert plan_quality(bravo, as_of=TODAY)["score"] == 1
    with django_assert_num_queries(1):
        teams = plan_quality_averages(Plan.objects.all(), by="team", as_of=TODAY)
    assert teams == {
        world.alpha.pk: {"plans": 2, "average": 4.0},
        world.bravo.pk: {"plans": 1, "average": 1.0},
    }
    with django_assert_num_queries(1):
        bcus = plan_quality_averages(Plan.objects.all(), by="bcu", as_of=TODAY)
    assert bcus == {world.north.pk: {"plans": 3, "average": 3.0}}
