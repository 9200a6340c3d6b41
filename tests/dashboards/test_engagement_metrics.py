"""Meeting cadence, contact responsiveness, named-officer coverage and problem solving
(DESIGN.md 4.4), with hand-worked figures."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from dashboards.selectors import (
    contact_responsiveness,
    meeting_cadence,
    meeting_cadence_many,
    named_officer_coverage,
    problem_solving,
)
from tests import factories as f

LONDON = ZoneInfo("Europe/London")
D = dt.date(2025, 6, 30)


def at(day: dt.date, hour=12, minute=0):
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)


def days_ago(n):
    return D - dt.timedelta(days=n)


def test_meeting_cadence(world, django_assert_num_queries):
    f.EventFactory(neighbourhood=world.a1, kind="pact_meeting", start=at(days_ago(10)))
    f.EventFactory(neighbourhood=world.a1, kind="street_briefing", start=at(days_ago(1)))
    # 00:30 on D+1 in London is 23:30 UTC on D: it is after D, so it does not count.
    f.EventFactory(
        neighbourhood=world.a1, kind="pact_meeting", start=at(D, 0, 30) + dt.timedelta(days=1)
    )
    f.EventFactory(neighbourhood=world.a2, kind="ward_panel", start=at(days_ago(91)))
    f.EventFactory(neighbourhood=world.c1, kind="pact_meeting", start=at(days_ago(85)))
    # Scopes, one GROUP BY over neighbourhoods with their last meeting.
    with django_assert_num_queries(2):
        alpha = meeting_cadence(as_of=D, team_id=world.alpha.id)
    # A1 met 10 days ago; A2 91 days ago (> 90: overdue).
    assert alpha["neighbourhoods"] == 2
    assert alpha["days_since_last"] == 10
    assert alpha["days_since_stalest"] == 91
    assert alpha["overdue"] == 1
    assert alpha["never_met"] == 0
    many = meeting_cadence_many(level="bcu", ids=[world.north.id, world.south.id], as_of=D)
    north, south = many[world.north.id], many[world.south.id]
    # North adds B1, which never met: overdue 2, stalest unknown.
    assert (north["overdue"], north["never_met"], north["days_since_stalest"]) == (2, 1, None)
    # South: C1 met 85 days ago: not overdue, but past 90% of 90 days (81): due soon.
    assert (south["overdue"], south["due_soon"], south["days_since_last"]) == (0, 1, 85)
    hood = meeting_cadence(as_of=D, neighbourhood_id=world.a2.id)
    assert hood["days_since_last"] == 91


@pytest.fixture
def contacts(world):
    def contact(received, responded=None, hood=world.a1):
        return f.PublicContactFactory(
            neighbourhood=hood, received_at=received, responded_at=responded
        )

    contact(at(dt.date(2025, 6, 2), 10), at(dt.date(2025, 6, 4), 10))  # 48 h: on time
    contact(at(dt.date(2025, 6, 3), 10), at(dt.date(2025, 6, 6), 10))  # exactly 72 h: on time
    contact(at(dt.date(2025, 6, 5), 10), at(dt.date(2025, 6, 8), 11))  # 73 h: late
    contact(at(dt.date(2025, 6, 29), 10), hood=world.a2)  # unanswered
    contact(at(dt.date(2025, 5, 31), 23, 30))  # before the period (local date)
    contact(at(dt.date(2025, 6, 10)), hood=world.c1)  # Charlie, unanswered


def test_contact_responsiveness(world, contacts, django_assert_num_queries):
    june = {"start": dt.date(2025, 6, 1), "end": D}
    # Ten days on, the unanswered contact is late: 2 on time of 4 = 0.5.
    with django_assert_num_queries(2):
        fig = contact_responsiveness(team_id=world.alpha.id, now=at(dt.date(2025, 7, 10)), **june)
    assert (fig["received"], fig["on_time"], fig["late"], fig["pending"]) == (4, 2, 2, 0)
    assert fig["rate"] == 0.5
    # At noon on 30 June its 72 hours have not passed: pending, so 2 of 3 = 0.667.
    fig = contact_responsiveness(team_id=world.alpha.id, now=at(D), **june)
    assert (fig["on_time"], fig["late"], fig["pending"]) == (2, 1, 1)
    assert fig["rate"] == pytest.approx(2 / 3)
    fig = contact_responsiveness(force_id=world.force.id, now=at(dt.date(2025, 7, 10)), **june)
    # Force adds Charlie's unanswered contact: 2 of 5.
    assert (fig["received"], fig["rate"]) == (5, 0.4)
    empty = contact_responsiveness(team_id=world.bravo.id, now=at(D), **june)
    assert (empty["received"], empty["rate"]) == (0, None)


def test_named_officer_coverage(world, django_assert_num_queries):
    f.PostingFactory(  # starts on D: counts
        team=world.alpha,
        role="constable",
        start_date=D,
        member__contact_details={"email": "pc@testshire.police.uk"},
    )
    f.PostingFactory(team=world.bravo, role="sergeant")  # a sergeant is not a named officer
    f.PostingFactory(team=world.bravo, role="special")  # nor a special
    f.PostingFactory(team=world.charlie, role="pcso", end_date=days_ago(1))  # ended the day before
    with django_assert_num_queries(2):
        alpha = named_officer_coverage(as_of=D, team_id=world.alpha.id)
    assert (alpha["neighbourhoods"], alpha["covered"], alpha["pct"]) == (2, 2, 100.0)
    north = named_officer_coverage(as_of=D, bcu_id=world.north.id)
    # A1 and A2 of A1, A2, B1.
    assert (north["covered"], north["uncovered"]) == (2, 1)
    assert north["pct"] == pytest.approx(200 / 3)
    assert named_officer_coverage(as_of=D, bcu_id=world.south.id)["covered"] == 0


def test_problem_solving(world, django_assert_num_queries):
    plan = f.PlanFactory
    plan(neighbourhood=world.a1, stage="scan", opened_on=days_ago(10), next_review_on=days_ago(1))
    plan(neighbourhood=world.a1, stage="response", opened_on=days_ago(50), next_review_on=D)
    plan(
        neighbourhood=world.a2,
        stage="closed",
        opened_on=days_ago(60),
        closed_on=days_ago(5),
        outcome="eliminated",
    )
    # Closed three days after D: still open on D, in assessment.
    plan(
        neighbourhood=world.a2,
        stage="closed",
        opened_on=days_ago(60),
        closed_on=D + dt.timedelta(days=3),
        outcome="reduced",
    )
    plan(neighbourhood=world.a1, stage="scan", opened_on=D + dt.timedelta(days=1))  # after D
    plan(neighbourhood=world.b1, stage="analysis", opened_on=days_ago(3))  # Bravo
    with django_assert_num_queries(2):
        fig = problem_solving(as_of=D, team_id=world.alpha.id)
    assert fig["open"] == 3
    assert fig["by_stage"] == {"scan": 1, "analysis": 0, "response": 1, "assessment": 1}
    assert fig["review_overdue"] == 1  # next review the day before D; on D is not overdue
    assert fig["closed"] == 1
    assert fig["outcomes"] == {"eliminated": 1, "reduced": 0, "displaced": 0, "no_change": 0}
    assert problem_solving(as_of=D, bcu_id=world.north.id)["open"] == 4
