"""The Guarantee as a whole is met when every commitment is (our rule): failing as soon as
one is not, nothing while one is ungraded."""

import pytest

from inspections.grading import guarantee_grade


@pytest.mark.parametrize(
    ("grades", "expected"),
    [
        (["meeting"] * 9, "meeting"),
        (["meeting"] * 8 + ["failing"], "failing"),
        (["failing", "", ""], "failing"),
        (["meeting", "meeting", ""], None),
        ([], None),
    ],
)
def test_guarantee_grade(grades, expected):
    assert guarantee_grade(grades) == expected
