""" "Posting active on day D" (DESIGN.md section 3): start_date <= D and (end_date is null or
end_date >= D). One definition, ``Posting.objects.active_on`` / ``active_between`` and the
conditions behind them; its use with a per-row day (a duty record's date) is pinned by
tests/dashboards/test_abstraction_rate.py::test_role_is_the_posting_active_on_the_record_date.
"""

import datetime as dt

import pytest
from django.db.models import Exists, OuterRef

from teams.models import DutyRecord, Posting, posting_active_on_q
from tests import factories as f

pytestmark = pytest.mark.django_db

D = dt.date(2025, 3, 10)
DAY = dt.timedelta(days=1)


@pytest.fixture
def postings(world):
    """Four postings around D, named by how they touch it."""
    make = lambda name, start, end: f.PostingFactory(  # noqa: E731
        member=f.MemberFactory(force=world.force, name=name),
        team=world.alpha,
        start_date=start,
        end_date=end,
    )
    return {
        "ends_on_d": make("Ends on D", dt.date(2024, 1, 1), D),
        "starts_on_d": make("Starts on D", D, None),
        "ended_before": make("Ended the day before", dt.date(2024, 1, 1), D - DAY),
        "starts_after": make("Starts the day after", D + DAY, D + 10 * DAY),
    }


def _names(queryset) -> set[str]:
    return set(queryset.values_list("member__name", flat=True))


def test_active_on_includes_the_first_and_the_last_day(postings):
    assert _names(Posting.objects.active_on(D)) == {"Ends on D", "Starts on D"}
    assert _names(Posting.objects.active_on(D - DAY)) == {"Ends on D", "Ended the day before"}
    assert _names(Posting.objects.active_on(D + DAY)) == {"Starts on D", "Starts the day after"}


def test_open_ended_posting_is_active_ever_after(postings):
    assert "Starts on D" in _names(Posting.objects.active_on(dt.date(2099, 12, 31)))


def test_active_between_is_any_overlap_with_the_period(postings):
    # A period ending the day before D: the posting starting on D is not in it.
    assert _names(Posting.objects.active_between(D - 5 * DAY, D - DAY)) == {
        "Ends on D",
        "Ended the day before",
    }
    # A period starting the day after D: the posting that ended on D is not in it.
    assert _names(Posting.objects.active_between(D + DAY, D + 20 * DAY)) == {
        "Starts on D",
        "Starts the day after",
    }
    # A one-day period is active_on.
    assert _names(Posting.objects.active_between(D, D)) == _names(Posting.objects.active_on(D))


def test_active_between_without_end_is_open_ended(postings):
    assert _names(Posting.objects.active_between(D + DAY, None)) == {
        "Starts on D",
        "Starts the day after",
    }


def test_the_condition_takes_a_day_per_row_through_a_relation(world, postings):
    # Duty records whose member has a posting active on the record's own date.
    for posting, day in [(postings["ends_on_d"], D), (postings["ended_before"], D)]:
        f.DutyRecordFactory(member=posting.member, team=world.alpha, date=day)
    posted = Posting.objects.filter(
        posting_active_on_q(OuterRef("date")), member_id=OuterRef("member_id")
    )
    rows = DutyRecord.objects.filter(Exists(posted)).values_list("member__name", flat=True)
    assert list(rows) == ["Ends on D"]


def test_a_day_is_required():
    with pytest.raises(ValueError):
        Posting.objects.active_on(None)
