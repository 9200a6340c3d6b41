"""Count figures are rated by their share (DESIGN.md 4.6), not "any one is red": green when
none fail, amber when some up to a quarter, red above a quarter. Worked at the band edges."""

import pytest

from dashboards.metrics import rag


@pytest.mark.parametrize(
    "overdue,open_,rating",
    [
        (0, 12, "green"),
        (1, 12, "amber"),  # 8.3%
        (3, 12, "amber"),  # 25%: the edge is still amber
        (4, 12, "red"),  # 33.3%
        (1, 4, "amber"),  # 25%
        (2, 7, "red"),  # 28.6%
        (0, 0, "green"),  # nothing open, nothing past review
    ],
)
def test_priorities_past_review(overdue, open_, rating):
    assert rag.priority_ageing({"open": open_, "review_overdue": overdue}) == rating


@pytest.mark.parametrize(
    "overdue,hoods,rating",
    [(0, 8, "green"), (1, 8, "amber"), (2, 8, "amber"), (3, 8, "red"), (1, 1, "red"), (0, 0, None)],
)
def test_meeting_cadence(overdue, hoods, rating):
    # 1 of 8 = 12.5%, 2 of 8 = 25% (amber), 3 of 8 = 37.5% (red).
    assert rag.meeting_cadence({"overdue": overdue, "neighbourhoods": hoods}) == rating


@pytest.mark.parametrize(
    "uncovered,hoods,rating", [(0, 5, "green"), (1, 5, "amber"), (2, 5, "red"), (0, 0, None)]
)
def test_named_officer_coverage(uncovered, hoods, rating):
    # 1 of 5 = 20% (amber), 2 of 5 = 40% (red).
    fig = {"uncovered": uncovered, "neighbourhoods": hoods}
    assert rag.named_officer_coverage(fig) == rating


@pytest.mark.parametrize(
    "on_time,late,rating",
    [
        (20, 0, "green"),
        (19, 1, "amber"),  # 5% late
        (15, 5, "amber"),  # 25% late: the edge
        (14, 6, "red"),  # 30% late
        (0, 0, None),  # none due yet
    ],
)
def test_contacts_late(on_time, late, rating):
    assert rag.contact_responsiveness({"on_time": on_time, "late": late}) == rating


@pytest.mark.parametrize(
    "without,stretched,teams,rating",
    [
        (0, 0, 11, "green"),
        (1, 0, 11, "amber"),  # 9.1%: one team unsupervised is never hidden behind a green total
        (1, 1, 8, "amber"),  # 25%
        (2, 1, 11, "red"),  # 27.3%
    ],
)
def test_supervision_at_bcu_level(without, stretched, teams, rating):
    fig = {
        "span": 9.7,
        "limit": 12.0,
        "amber_span": None,
        "stretched": False,
        "teams": teams,
        "teams_without_sergeant": without,
        "teams_stretched": stretched,
    }
    assert rag.supervision(fig) == rating


def test_a_bcu_with_one_stale_team_in_eleven_is_not_red():
    """The issue's demo case: 11 teams, each with a few of its priorities past review. The
    BCU row (40 open, 3 past review: 7.5%) says "some", not "red like a failing team"."""
    assert rag.priority_ageing({"open": 40, "review_overdue": 3}) == "amber"
    assert rag.priority_ageing({"open": 40, "review_overdue": 11}) == "red"  # 27.5%
