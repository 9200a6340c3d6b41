"""Supervision at BCU and force level (DESIGN.md 4.2, 4.6): the total never hides an
unsupervised or stretched team; hybrid sergeants are counted and flagged; the amber band does
not sit inside HMIC's good range of 1:8 to 1:12 unless the force's policy says so."""

import datetime as dt
from decimal import Decimal

import pytest

from dashboards.metrics import rag
from dashboards.selectors import supervision, supervision_many
from tests import factories as f

DAY = dt.date(2025, 6, 30)


def _post(team, role, count, *, hybrid=False):
    for _ in range(count):
        f.PostingFactory(team=team, role=role, start_date=dt.date(2025, 1, 1), hybrid=hybrid)


@pytest.fixture
def north(world):
    """North BCU: Alpha 1 sergeant (hybrid) to 9 staff (1:9); Bravo no sergeant, 4 constables;
    Delta 1 sergeant to 13 staff (1:13, stretched against 1:12); Echo 2 sergeants to 10 (1:5)."""
    delta = f.TeamFactory(bcu=world.north, name="Delta NPT")
    echo = f.TeamFactory(bcu=world.north, name="Echo NPT")
    _post(world.alpha, "sergeant", 1, hybrid=True)
    _post(world.alpha, "constable", 5)
    _post(world.alpha, "pcso", 4)
    _post(world.bravo, "constable", 4)
    _post(delta, "sergeant", 1)
    _post(delta, "constable", 13)
    _post(echo, "sergeant", 2)
    _post(echo, "pcso", 10)
    return world.north


def test_a_bcu_with_one_unsupervised_team(world, north, django_assert_num_queries):
    # Scopes with policy; the BCU's teams with their FTE by role.
    with django_assert_num_queries(2):
        fig = supervision(as_of=DAY, bcu_id=north.id)
    # Total: 4 sergeants to 9 + 4 + 13 + 10 = 36 staff: 1:9, inside the good range ...
    assert (fig["sergeants"], fig["constables"] + fig["pcsos"]) == (4.0, 36.0)
    assert fig["span"] == 9.0
    assert fig["stretched"] is False
    # ... but one of the four teams has no sergeant and one is stretched.
    assert fig["teams"] == 4
    assert fig["teams_without_sergeant"] == 1
    assert fig["teams_stretched"] == 1
    assert (fig["hybrid_sergeants"], fig["sergeant_postings"]) == (1, 4)
    # Rated by share: 2 of 4 teams (50%) fail, more than a quarter: red, though the span is 1:9.
    assert rag.span_band(fig) == "green"
    assert rag.supervision(fig) == "red"
    # Hybrid: 1 of 4 sergeants (25%), some but not more than a quarter: amber.
    assert rag.hybrid_supervision(fig) == "amber"


def test_team_rows_judge_each_team(world, north):
    many = supervision_many(level="team", ids=None, as_of=DAY)
    alpha, bravo = many[world.alpha.id], many[world.bravo.id]
    assert (alpha["span"], alpha["teams_without_sergeant"]) == (9.0, 0)
    assert rag.supervision(alpha) == "green"
    assert rag.hybrid_supervision(alpha) == "red"  # its one sergeant is hybrid: 100%
    assert bravo["span"] is None and bravo["teams_without_sergeant"] == 1
    assert rag.supervision(bravo) == "red"
    # The force adds Charlie (no one posted: no sergeant either): 2 of 5 teams without one.
    force = supervision(as_of=DAY, force_id=world.force.id)
    assert (force["teams"], force["teams_without_sergeant"], force["teams_stretched"]) == (5, 2, 1)


@pytest.mark.parametrize(
    "span,amber,rating",
    [
        (8.0, None, "green"),
        (11.0, None, "green"),  # inside HMIC's 1:8-1:12: no amber by default
        (12.0, None, "green"),  # at the limit
        (12.5, None, "red"),  # above it
        (10.0, 10.0, "green"),  # a force that wants amber from 1:10: at 1:10 still green
        (10.5, 10.0, "amber"),
        (12.0, 10.0, "amber"),
        (12.1, 10.0, "red"),
    ],
)
def test_span_band_edges(span, amber, rating):
    fig = {"span": span, "limit": 12.0, "amber_span": amber, "stretched": span > 12}
    assert rag.span_band(fig) == rating


def test_force_policy_sets_the_amber_point(world):
    world.force.supervision_span_amber = Decimal("10")
    world.force.save()
    _post(world.alpha, "sergeant", 1)
    _post(world.alpha, "constable", 11)
    fig = supervision(as_of=DAY, team_id=world.alpha.id)
    assert (fig["span"], fig["amber_span"]) == (11.0, 10.0)
    assert rag.supervision(fig) == "amber"
