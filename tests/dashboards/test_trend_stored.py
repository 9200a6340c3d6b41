"""A trend snapshot keeps each week's numbers only (``selectors.trend_stored``) and is read back
as ``selectors.trends`` returns it (``trend_snapshots``); a trend stored whole, before that
form, is still read (issue 14)."""

import datetime as dt

import pytest
from django.utils import timezone

from dashboards import selectors
from dashboards.models import TrendSnapshot

END = dt.date(2025, 8, 14)  # a Thursday: the last week is Monday 11 to Thursday 14 August
MONDAYS, WEEK_ENDS = selectors.trend_days(END, selectors.TREND_WEEKS)


def _store(scope_id: int, value) -> None:
    TrendSnapshot.objects.create(
        scope_type="team",
        scope_id=scope_id,
        end=END,
        weeks=selectors.TREND_WEEKS,
        value=value,
        computed_at=timezone.now(),
    )


@pytest.mark.django_db
def test_stored_numbers_read_back_as_the_weeks():
    weekly = {7: {MONDAYS[-1]: (10.0, 2.5)}}  # the one pass's (working, abstracted) hours
    # 3 open on each week end: ages 10, 40 and 200; median 40.
    ageing = {7: [(3, 1, 1, 0, 1, 40.0)] * 12}
    stored = selectors.trend_stored(scope_ids=[7, 8], mondays=MONDAYS, weekly=weekly, ageing=ageing)
    assert stored[8] == {"abstraction": [None] * 12, "ageing": None}
    for sid, value in stored.items():
        _store(sid, value)

    read = selectors.trend_snapshots(
        level="team", scope_ids=[7, 8], end=END, fresh_on=timezone.localdate()
    )
    seven = read[7][0]
    assert [week["week_start"] for week in seven] == MONDAYS
    assert seven[0]["week_start"] == dt.date(2025, 5, 26)
    assert seven[-1]["week_end"] == END
    assert seven[-2]["week_end"] == dt.date(2025, 8, 10)
    assert seven[0]["abstraction"] is None
    # 2.5 of 10 working hours abstracted: 25%, 75% protected.
    assert seven[-1]["abstraction"] == {
        "working_hours": 10.0,
        "abstracted_hours": 2.5,
        "rate": 0.25,
        "protected_rate": 0.75,
    }
    assert seven[-1]["ageing"] == {
        "as_of": END,
        "open": 3,
        "buckets": {"0-30": 1, "31-90": 1, "91-180": 0, "181+": 1},
        "median_age_days": 40.0,
    }
    eight = read[8][0]
    assert {week["abstraction"] for week in eight} == {None}
    assert eight[3]["ageing"] == {"open": 0, "buckets": {}, "median_age_days": None}


@pytest.mark.django_db
def test_a_trend_stored_whole_before_is_still_read():
    week = {
        "week_start": "2025-08-11",
        "week_end": "2025-08-14",
        "abstraction": None,
        "ageing": {"as_of": "2025-08-14", "open": 0, "buckets": {}, "median_age_days": None},
    }
    _store(9, [week])
    (weeks, _at) = selectors.trend_snapshots(
        level="team", scope_ids=[9], end=END, fresh_on=timezone.localdate()
    )[9]
    assert weeks == [
        {
            "week_start": dt.date(2025, 8, 11),
            "week_end": END,
            "abstraction": None,
            "ageing": {"as_of": END, "open": 0, "buckets": {}, "median_age_days": None},
        }
    ]
