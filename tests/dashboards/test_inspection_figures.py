"""The figures of DESIGN.md 4.5 (dashboards/metrics/inspection_figures.py), worked by hand on
the test world: Alpha covers A1 and A2, Bravo B1 (both in North), Charlie C1 (South)."""

import datetime as dt

import pytest

from dashboards import selectors
from dashboards.selectors import UnknownScope
from tests import factories as f

D = dt.date(2025, 6, 30)


def priorities(hood, n, **kwargs):
    return [
        f.PriorityFactory(neighbourhood=hood, date_set=dt.date(2025, 5, 1), **kwargs)
        for _ in range(n)
    ]


@pytest.fixture
def counts(world):
    """A1 has 2 public priorities open on D, A2 3, B1 5, C1 6: only A2 and B1 are in 3-5.
    Noise that must not count: a private one in A1 (would make 3), one closed on D in A1,
    one set after D in A1; one closed the day after D in A2 still counts (A2: 3)."""
    priorities(world.a1, 2)
    priorities(world.a1, 1, public=False)
    priorities(world.a1, 1, status="closed", closed_on=D, outcome="resolved")
    f.PriorityFactory(neighbourhood=world.a1, date_set=D + dt.timedelta(days=1))
    priorities(world.a2, 2)
    priorities(world.a2, 1, status="closed", closed_on=D + dt.timedelta(days=1), outcome="resolved")
    priorities(world.b1, 5)
    priorities(world.c1, 6)


def test_priorities_per_neighbourhood_at_each_level(world, counts):
    team = selectors.priorities_per_neighbourhood(as_of=D, team_id=world.alpha.id)
    # Each figure carries the force's green point (the default policy: 0.8).
    assert team == {"neighbourhoods": 2, "within_range": 1, "share": 0.5, "green_share": 0.8}
    assert selectors.priorities_per_neighbourhood(as_of=D, team_id=world.bravo.id) == {
        "neighbourhoods": 1,
        "within_range": 1,
        "share": 1.0,
        "green_share": 0.8,
    }
    bcu = selectors.priorities_per_neighbourhood(as_of=D, bcu_id=world.north.id)
    assert (bcu["neighbourhoods"], bcu["within_range"]) == (3, 2)
    force = selectors.priorities_per_neighbourhood(as_of=D, force_id=world.force.id)
    assert (force["neighbourhoods"], force["within_range"], force["share"]) == (4, 2, 0.5)
    hood = selectors.priorities_per_neighbourhood(as_of=D, neighbourhood_id=world.c1.id)
    assert hood["within_range"] == 0 and hood["share"] == 0.0  # 6 is too many


def test_priorities_per_neighbourhood_many_in_two_queries(world, counts, django_assert_num_queries):
    # The scopes with their policy, then one GROUP BY over the neighbourhoods.
    with django_assert_num_queries(2):
        rows = selectors.priorities_per_neighbourhood_many(level="team", ids=None, as_of=D)
    assert rows[world.alpha.id]["within_range"] == 1
    charlie, other = rows[world.charlie.id], rows[world.other_team.id]
    assert (charlie["neighbourhoods"], charlie["within_range"], charlie["share"]) == (1, 0, 0.0)
    assert (other["neighbourhoods"], other["within_range"], other["share"]) == (1, 0, 0.0)


def test_no_neighbourhood_has_no_share(world):
    empty = f.TeamFactory(bcu=world.north, name="Empty NPT", neighbourhoods=[])
    assert selectors.priorities_per_neighbourhood(as_of=D, team_id=empty.id) == {
        "neighbourhoods": 0,
        "within_range": 0,
        "share": None,
        "green_share": 0.8,
    }


def test_priorities_with_plan_counts_plans_opened_by_the_day(world, django_assert_num_queries):
    planned, late, bare = priorities(world.a1, 3)
    f.PlanFactory(neighbourhood=world.a1, priority=planned, opened_on=D)  # on D: counts
    f.PlanFactory(neighbourhood=world.a1, priority=late, opened_on=D + dt.timedelta(days=1))
    closed = priorities(world.a2, 1, status="closed", closed_on=D, outcome="resolved")[0]
    f.PlanFactory(neighbourhood=world.a2, priority=closed, opened_on=dt.date(2025, 5, 2))
    f.PlanFactory(neighbourhood=world.b1, priority=priorities(world.b1, 1)[0])
    with django_assert_num_queries(2):
        rows = selectors.priorities_with_plan_many(level="bcu", ids=None, as_of=D)
    # North: A1's three open (one planned by D) and B1's one (planned): 2 of 4.
    # Green only when every open priority has a plan (default policy 1.0).
    assert rows[world.north.id] == {"open": 4, "with_plan": 2, "share": 0.5, "green_share": 1.0}
    assert rows[world.south.id]["share"] is None
    team = selectors.priorities_with_plan(as_of=D, team_id=world.alpha.id)
    assert team["open"] == 3 and team["with_plan"] == 1
    assert team["share"] == pytest.approx(1 / 3)


def test_plans_assessed_counts_plans_ninety_days_old(world, django_assert_num_queries):
    # D - 90 days = 1 April 2025.
    f.PlanFactory(neighbourhood=world.a1, opened_on=dt.date(2025, 4, 1), assessment="Fewer calls.")
    f.PlanFactory(neighbourhood=world.a1, opened_on=dt.date(2025, 4, 2), assessment="Too soon.")
    f.PlanFactory(neighbourhood=world.a2, opened_on=dt.date(2025, 1, 10))
    f.PlanFactory(neighbourhood=world.c1, opened_on=dt.date(2025, 1, 10), assessment="Done.")
    with django_assert_num_queries(2):
        rows = selectors.plans_assessed_many(level="force", ids=[world.force.id], as_of=D)
    assert rows[world.force.id] == {
        "plans": 3,
        "assessed": 2,
        "share": pytest.approx(2 / 3),
        "green_share": 0.8,
    }
    assert selectors.plans_assessed(as_of=D, team_id=world.alpha.id) == {
        "plans": 2,
        "assessed": 1,
        "share": 0.5,
        "green_share": 0.8,
    }
    assert selectors.plans_assessed(as_of=D, team_id=world.bravo.id)["share"] is None


def test_unknown_scope_names_the_parameter(world):
    with pytest.raises(UnknownScope) as caught:
        selectors.priorities_with_plan(as_of=D, bcu_id=999999)
    assert caught.value.param == "bcu"
