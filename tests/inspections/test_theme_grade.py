"""A theme's suggested overall grade from its questions' grades (our rule; the template
leaves the "overall theme assessment" box to the assessor): red when the amber and green
questions are not a majority, green when four in five are green and none is red, else
amber; nothing until every question is graded."""

import pytest

from inspections.grading import theme_grade

G, A, R = "green", "amber", "red"


@pytest.mark.parametrize(
    ("grades", "expected"),
    [
        ([G] * 11, G),
        ([G] * 9 + [A] * 2, G),  # 9/11 green >= 4/5
        ([G] * 8 + [A] * 3, A),  # 8/11 < 4/5
        ([G] * 10 + [R], A),  # a red question is a serious omission
        ([A] * 3, A),  # all amber: most met, not virtually all green
        ([G, G, R, R], R),  # half red: amber and green are not a majority
        ([G, A, A, R, R], A),  # three of five met
        ([R, R, R], R),
        ([G, G, G, G, A], G),  # exactly four in five
    ],
)
def test_theme_grade(grades, expected):
    assert theme_grade(grades) == expected


@pytest.mark.parametrize("grades", [[], [G, G, ""], [G, None]])
def test_no_grade_until_every_question_is_graded(grades):
    assert theme_grade(grades) is None
