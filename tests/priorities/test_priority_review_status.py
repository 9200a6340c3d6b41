"""Review overdue (DESIGN.md 4.3), the one definition: ``last_review`` is the latest formal
review dated on or before D, else ``date_set``; overdue when D - last_review >
``Force.priority_review_days``. The metrics (tests/dashboards/test_priority_ageing.py), the
reminders (tests/dashboards/test_reminders_due.py) and the pages all use it."""

import datetime as dt

import pytest

from priorities.models import Priority
from tests import factories as f

pytestmark = pytest.mark.django_db

D = dt.date(2025, 6, 30)


def days_ago(n: int) -> dt.date:
    return D - dt.timedelta(days=n)


def _status(as_of=D) -> dict[str, tuple]:
    rows = Priority.objects.with_review_status(as_of).values_list(
        "title", "last_review", "review_due", "review_overdue"
    )
    return {title: (last, due, overdue) for title, last, due, overdue in rows}


def test_overdue_the_day_after_the_interval_not_on_it(world):
    f.PriorityFactory(neighbourhood=world.a1, title="90 days", date_set=days_ago(90))
    f.PriorityFactory(neighbourhood=world.a1, title="91 days", date_set=days_ago(91))
    assert _status() == {
        # Last review = date set; due 90 days later, the last day in time.
        "90 days": (days_ago(90), D, False),
        "91 days": (days_ago(91), days_ago(1), True),
    }
    assert list(Priority.objects.review_overdue(D).values_list("title", flat=True)) == ["91 days"]


def test_only_formal_reviews_on_or_before_the_day_count(world):
    p = f.PriorityFactory(neighbourhood=world.a1, title="p", date_set=days_ago(200))
    f.PriorityReviewFactory(priority=p, kind="review", date=days_ago(100))
    f.PriorityReviewFactory(priority=p, kind="review", date=days_ago(95))
    f.PriorityReviewFactory(priority=p, kind="update", date=days_ago(10))  # not a review
    f.PriorityReviewFactory(priority=p, kind="feedback", date=days_ago(5))  # not a review
    f.PriorityReviewFactory(priority=p, kind="review", date=D + dt.timedelta(days=1))  # later
    assert _status()["p"] == (days_ago(95), days_ago(5), True)
    # The next day the review dated then counts.
    assert _status(D + dt.timedelta(days=1))["p"] == (
        D + dt.timedelta(days=1),
        D + dt.timedelta(days=91),
        False,
    )


def test_each_force_has_its_own_interval(world):
    world.other_force.priority_review_days = 30
    world.other_force.save()
    f.PriorityFactory(neighbourhood=world.other_neighbourhood, title="30", date_set=days_ago(30))
    f.PriorityFactory(neighbourhood=world.other_neighbourhood, title="31", date_set=days_ago(31))
    f.PriorityFactory(neighbourhood=world.a1, title="testshire 31", date_set=days_ago(31))
    assert {title: overdue for title, (_, _, overdue) in _status().items()} == {
        "30": False,
        "31": True,
        "testshire 31": False,
    }
