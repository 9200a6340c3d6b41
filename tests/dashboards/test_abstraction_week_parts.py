"""The abstraction figures read a period's whole weeks from the weekly sums (DutyWeek) and the
days at its ends from the duty records (issue 14). Each day must be counted once in each period
or trend week that holds it, and never in one that does not: figures worked out by hand for
periods cut mid-week, a period with no whole week, and trend weeks cut by their end."""

import datetime as dt

import pytest

from dashboards.metrics.abstraction import (
    _week_parts,
    abstraction_one_pass,
    abstraction_rate_many,
    abstraction_weekly,
)
from dashboards.metrics.common import scope_policies
from tests import factories as f

pytestmark = pytest.mark.django_db

D = dt.date
MAR = {day: D(2025, 3, day) for day in range(1, 32)}  # 10 March 2025 is a Monday


@pytest.mark.parametrize(
    ("start", "end", "weeks", "days"),
    [
        # Two whole weeks, Monday to Sunday: nothing from the records.
        (MAR[10], MAR[23], (MAR[10], MAR[17]), []),
        # Wednesday to the Tuesday 13 days later: one whole week and the two cut ends.
        (MAR[12], MAR[25], (MAR[17], MAR[17]), [(MAR[12], MAR[16]), (MAR[24], MAR[25])]),
        # Within one week, a single day, Monday to Saturday, Tuesday to Monday: no whole week.
        (MAR[12], MAR[15], None, [(MAR[12], MAR[15])]),
        (MAR[12], MAR[12], None, [(MAR[12], MAR[12])]),
        (MAR[10], MAR[15], None, [(MAR[10], MAR[15])]),
        (MAR[11], MAR[17], None, [(MAR[11], MAR[17])]),
        # A whole week and a cut end only at the start or only at the end.
        (MAR[9], MAR[16], (MAR[10], MAR[10]), [(MAR[9], MAR[9])]),
        (MAR[10], MAR[17], (MAR[10], MAR[10]), [(MAR[17], MAR[17])]),
    ],
)
def test_week_parts(start, end, weeks, days):
    assert _week_parts(start, end) == (weeks, days)


@pytest.fixture
def records(world):
    posting = f.PostingFactory(team=world.alpha, role="constable", start_date=D(2025, 1, 1))

    def add(day, hours, activity="patrol", overtime=False):
        f.DutyRecordFactory(
            member=posting.member,
            team=world.alpha,
            date=MAR[day],
            hours=hours,
            activity=activity,
            paid_overtime=overtime,
        )

    add(8, 1)  # Saturday before: in no period below
    add(9, 2, "response_cover")  # Sunday
    add(10, 4)  # Monday
    add(12, 3, "response_cover")  # Wednesday
    add(16, 5)  # Sunday
    add(17, 6)  # Monday
    add(17, 1, "response_cover", overtime=True)  # paid overtime: on neither side
    return world


# Sun 9 .. Sun 16: the whole week of the 10th from the weekly sums, the 9th from the records:
# working 2 + 4 + 3 + 5 = 14, abstracted 2 + 3 = 5.
# Wed 12 .. Mon 17: no whole week, all from the records: working 3 + 5 + 6 = 14, abstracted 3,
# paid overtime 1.
PERIODS = [(MAR[9], MAR[16]), (MAR[12], MAR[17])]
EXPECTED = {
    PERIODS[0]: (14.0, 5.0, 0.0),
    PERIODS[1]: (14.0, 3.0, 1.0),
}
# The 2-week trend to Monday the 17th: the week of the 10th (4 + 3 + 5 = 12 working, 3
# abstracted) and the week of the 17th cut at the 17th (6 working, none abstracted; the
# overtime left out).
WEEKLY = {MAR[10]: (12.0, 3.0), MAR[17]: (6.0, 0.0)}


def _three(figures: dict) -> tuple:
    return (
        figures["working_hours"],
        figures["abstracted_hours"],
        figures["paid_overtime_hours"],
    )


def _pairs(weekly: dict) -> dict:
    return {
        monday: (figures["working_hours"], figures["abstracted_hours"])
        for monday, figures in weekly.items()
    }


def test_live_selectors_count_each_day_once(records):
    world = records
    for start, end in PERIODS:
        for level, scope_id in (("team", world.alpha.id), ("bcu", world.north.id)):
            figures = abstraction_rate_many(level=level, ids=[scope_id], start=start, end=end)
            assert _three(figures[scope_id]) == EXPECTED[(start, end)]
    weekly = abstraction_weekly(level="team", ids=[world.alpha.id], start=MAR[10], end=MAR[17])
    assert _pairs(weekly[world.alpha.id]) == WEEKLY


def test_the_one_pass_counts_each_day_once(records):
    world = records
    units = [
        ("team", [world.alpha.id], scope_policies("team", [world.alpha.id])),
        ("force", [world.force.id], scope_policies("force", [world.force.id])),
    ]
    figures, weekly = abstraction_one_pass(
        units=units, periods=PERIODS, trend_ends=[MAR[17]], weeks=2
    )
    for u, scope_id in ((0, world.alpha.id), (1, world.force.id)):
        for start, end in PERIODS:
            assert _three(figures[(u, start, end)][scope_id]) == EXPECTED[(start, end)]
        assert weekly[(u, MAR[17])][scope_id] == WEEKLY  # the pairs only (trend_stored)
