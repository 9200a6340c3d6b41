"""The self-assessment template's red / amber / green key (seeds/004_9fc604fdf3343b13.txt
lines 22442-22446): red when the majority of looking-fors is not met, amber when it is but
something serious is missing, green when virtually all (our reading: four in five) are met
and nothing serious is missing."""

import pytest

from inspections.grading import looking_fors_rag


@pytest.mark.parametrize(
    ("met", "total", "serious", "expected"),
    [
        # Ten looking-fors: half is not a majority; six is; eight is four in five.
        (0, 10, False, "red"),
        (5, 10, False, "red"),
        (6, 10, False, "amber"),
        (7, 10, False, "amber"),
        (8, 10, False, "green"),
        (10, 10, False, "green"),
        # A serious omission keeps even a full house amber, but never lifts red.
        (8, 10, True, "amber"),
        (10, 10, True, "amber"),
        (5, 10, True, "red"),
        # Five: four met is exactly four in five.
        (4, 5, False, "green"),
        (3, 5, False, "amber"),
        # Nine (Access Q1): one missing is still green, two is not (7/9 < 4/5).
        (8, 9, False, "green"),
        (7, 9, False, "amber"),
        # Small lists: two needs both; three or four need all for green.
        (1, 2, False, "red"),
        (2, 2, False, "green"),
        (2, 3, False, "amber"),
        (3, 4, False, "amber"),
        (1, 1, False, "green"),
        (0, 1, False, "red"),
    ],
)
def test_rag_at_the_edges(met, total, serious, expected):
    assert looking_fors_rag(met=met, total=total, serious_omission=serious) == expected


def test_nothing_to_rate_without_looking_fors():
    assert looking_fors_rag(met=0, total=0, serious_omission=False) is None


@pytest.mark.parametrize(("met", "total"), [(-1, 3), (4, 3), (0, -1)])
def test_impossible_counts_are_refused(met, total):
    with pytest.raises(ValueError):
        looking_fors_rag(met=met, total=total, serious_omission=False)
