"""HMIC 2008: an area meets the standard when every "meeting" criterion is shown and exceeds
it when every "exceeding" criterion is shown too (seeds/000_c7035e1074614552.txt lines
521-566); "failing" (ours) when a meeting criterion is not shown. The inspection's overall
grade is the lower of the two areas' (ours: HMIC published them side by side)."""

import pytest

from inspections.grading import hmic_area_grade, hmic_overall_grade

M, E, F = "meeting", "exceeding", "failing"


@pytest.mark.parametrize(
    ("meeting", "exceeding", "expected"),
    [
        ([M, M, M, M], [M, M, M, M], E),
        ([M, E, M, M], [E, M, E, M], E),  # a criterion graded "exceeding" is shown too
        ([M, M, M, M], [M, M, M, F], M),  # one exceeding criterion short: meeting
        ([M, M, M, M], [F, F, F, F], M),
        ([M, M, M, F], [M, M, M, M], F),  # one meeting criterion not shown: failing
        ([F, "", "", ""], ["", "", "", ""], F),  # failing is settled at once
        ([M, M, M, ""], [M, M, M, M], None),  # a meeting criterion still open
        ([M, M, M, M], [M, M, "", M], None),  # could still exceed
        ([M, M, M, M], [F, "", "", ""], M),  # cannot exceed any more
        ([M, M], [], M),  # an area with no exceeding criteria cannot exceed
        ([], [M], None),
    ],
)
def test_hmic_area_grade(meeting, exceeding, expected):
    assert hmic_area_grade(meeting=meeting, exceeding=exceeding) == expected


@pytest.mark.parametrize(
    ("areas", "expected"),
    [
        ([E, E], E),
        ([M, E], M),  # as Dorset and Hertfordshire in 2008: lower of the two
        ([E, F], F),
        ([F, None], F),
        ([M, None], None),
        ([], None),
    ],
)
def test_hmic_overall_grade(areas, expected):
    assert hmic_overall_grade(areas) == expected
