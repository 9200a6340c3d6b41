"""Priority ageing, DESIGN.md 4.3: buckets, reviews and neighbourhoods up to date."""

import datetime as dt

import pytest

from dashboards.selectors import priority_ageing, priority_ageing_many, priority_ageing_trend
from tests import factories as f

D = dt.date(2025, 6, 30)


def days_ago(n):
    return D - dt.timedelta(days=n)


def _priority(hood, set_days_ago, closed_days_ago=None, reviews=()):
    p = f.PriorityFactory(neighbourhood=hood, date_set=days_ago(set_days_ago))
    if closed_days_ago is not None:
        p.status, p.closed_on, p.outcome = "closed", days_ago(closed_days_ago), "resolved"
        p.save()
    for kind, n in reviews:
        f.PriorityReviewFactory(priority=p, kind=kind, date=days_ago(n))
    return p


@pytest.fixture
def priorities(world):
    a1, a2 = world.a1, world.a2
    _priority(a1, 0)  # age 0: 0-30
    _priority(a1, 30)  # 0-30
    _priority(a1, 31)  # 31-90
    _priority(a1, 90)  # 31-90; last review = date set, 90 days: not overdue, due soon
    _priority(a2, 91)  # 91-180; 91 days: overdue
    _priority(a1, 180, reviews=[("review", 10)])  # 91-180; reviewed 10 days ago
    # 181+; an update is not a formal review and a review after D does not count: overdue.
    _priority(a2, 181, reviews=[("update", 5), ("review", -1)])
    _priority(a1, 40, closed_days_ago=0)  # closed on D: not open on D
    _priority(a1, 40, closed_days_ago=-1)  # closed the day after D: open on D (31-90)
    _priority(a1, -1)  # set after D
    _priority(world.b1, 200, reviews=[("review", 90)])  # Bravo: reviewed exactly 90 days ago
    _priority(world.c1, 91)  # Charlie: set 91 days ago, never reviewed
    _priority(world.other_neighbourhood, 10)  # another force


def test_alpha_buckets_reviews_and_median(world, priorities, django_assert_num_queries):
    # Scopes, one GROUP BY over open priorities, one over neighbourhoods.
    with django_assert_num_queries(3):
        fig = priority_ageing(as_of=D, team_id=world.alpha.id)
    # Open on D: ages 0, 30, 31, 90, 91, 180, 181 and the one closed after D (40): 8.
    assert fig["open"] == 8
    assert fig["buckets"] == {"0-30": 2, "31-90": 3, "91-180": 2, "181+": 1}
    # Overdue: D - last review > 90: the 91-day one and the 181-day one.
    assert fig["review_overdue"] == 2
    # Due soon: last review 82-90 days ago: the 90-day one.
    assert fig["review_due_soon"] == 1
    # Ages sorted 0, 30, 31, 40, 90, 91, 180, 181: median (40 + 90) / 2 = 65.
    assert fig["median_age_days"] == 65
    # A1 had priorities set in the last 90 days; A2 had none set or reviewed since D-91.
    assert fig["neighbourhoods_up_to_date_pct"] == 50.0


def test_review_overdue_on_day_91_not_90(world):
    p = _priority(world.a1, 90)
    assert priority_ageing(as_of=D, team_id=world.alpha.id)["review_overdue"] == 0
    assert (
        priority_ageing(as_of=D + dt.timedelta(days=1), team_id=world.alpha.id)["review_overdue"]
        == 1
    )
    # A formal review resets the clock: reviewed on D, not overdue on D + 90, overdue on D + 91.
    f.PriorityReviewFactory(priority=p, kind="review", date=D)
    assert (
        priority_ageing(as_of=D + dt.timedelta(days=90), team_id=world.alpha.id)["review_overdue"]
        == 0
    )
    assert (
        priority_ageing(as_of=D + dt.timedelta(days=91), team_id=world.alpha.id)["review_overdue"]
        == 1
    )


def test_review_interval_follows_force_policy(world):
    world.force.priority_review_days = 30
    world.force.save()
    _priority(world.a1, 31)
    _priority(world.a1, 30)
    fig = priority_ageing(as_of=D, team_id=world.alpha.id)
    assert fig["review_overdue"] == 1


def test_bcu_and_force_scopes_add_up_priorities(world, priorities):
    many = priority_ageing_many(
        level="team", ids=[world.alpha.id, world.bravo.id, world.charlie.id], as_of=D
    )
    # Bravo: one priority aged 200, reviewed exactly 90 days ago: not overdue, B1 up to date.
    assert many[world.bravo.id]["open"] == 1
    assert many[world.bravo.id]["buckets"]["181+"] == 1
    assert many[world.bravo.id]["review_overdue"] == 0
    assert many[world.bravo.id]["neighbourhoods_up_to_date_pct"] == 100.0
    # Charlie: set 91 days ago and never reviewed: overdue, C1 not up to date.
    assert many[world.charlie.id]["review_overdue"] == 1
    assert many[world.charlie.id]["neighbourhoods_up_to_date_pct"] == 0.0
    north = priority_ageing(as_of=D, bcu_id=world.north.id)
    # North = Alpha 8 + Bravo 1 open; up to date A1 and B1 of A1, A2, B1: 66.7%.
    assert north["open"] == 9
    assert north["neighbourhoods_up_to_date_pct"] == pytest.approx(200 / 3)
    force = priority_ageing(as_of=D, force_id=world.force.id)
    # Force: 9 + Charlie 1; neighbourhoods up to date 2 of 4.
    assert force["open"] == 10
    assert force["review_overdue"] == 3
    assert force["neighbourhoods_up_to_date_pct"] == 50.0


def test_no_priorities(world):
    fig = priority_ageing(as_of=D, team_id=world.alpha.id)
    assert fig["open"] == 0
    assert fig["median_age_days"] is None
    assert fig["buckets"] == {"0-30": 0, "31-90": 0, "91-180": 0, "181+": 0}
    assert fig["neighbourhoods_up_to_date_pct"] == 0.0


def test_trend_at_several_days_in_one_query(world, priorities, django_assert_num_queries):
    with django_assert_num_queries(1):
        trend = priority_ageing_trend(level="team", ids=[world.alpha.id], days=[days_ago(35), D])
    before, now = trend[world.alpha.id]
    # 35 days before D the priorities set 90, 91, 180, 181 days and 40 days (both) before D
    # were open, aged 55, 56, 145, 146, 5, 5.
    assert before["open"] == 6
    assert before["buckets"] == {"0-30": 2, "31-90": 2, "91-180": 2, "181+": 0}
    assert now["open"] == 8
