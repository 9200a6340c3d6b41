"""Contact answered in time (DESIGN.md 4.4), the one definition: the deadline is received_at +
the force's ``contact_response_hours``; answered at or before it is in time; answered after
it, or still unanswered once it has passed, is late. The metric
(tests/dashboards/test_engagement_metrics.py), the reminders and the pages all use it."""

import datetime as dt
import zoneinfo

import pytest

from engagement.models import PublicContact
from tests import factories as f

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
RECEIVED = dt.datetime(2025, 6, 2, 9, 0, tzinfo=LONDON)
DEADLINE = RECEIVED + dt.timedelta(hours=72)  # the world's force: 72 hours
SECOND = dt.timedelta(seconds=1)


def _contact(world, summary, *, responded_at=None, neighbourhood=None):
    return f.PublicContactFactory(
        neighbourhood=neighbourhood or world.a1,
        summary=summary,
        received_at=RECEIVED,
        responded_at=responded_at,
        response="Thanks, we will look." if responded_at else "",
    )


def _status(now) -> dict[str, tuple]:
    rows = PublicContact.objects.with_response_status(now).values_list(
        "summary", "deadline", "answered_in_time", "late", "overdue"
    )
    return {summary: tuple(rest) for summary, *rest in rows}


def test_answered_exactly_at_the_deadline_is_in_time(world):
    _contact(world, "at the deadline", responded_at=DEADLINE)
    _contact(world, "a second later", responded_at=DEADLINE + SECOND)
    _contact(world, "unanswered")
    # At the deadline itself the unanswered one is not late yet.
    assert _status(DEADLINE) == {
        "at the deadline": (DEADLINE, True, False, False),
        "a second later": (DEADLINE, False, True, False),
        "unanswered": (DEADLINE, False, False, False),
    }
    # One second past the deadline it is late and overdue.
    assert _status(DEADLINE + SECOND)["unanswered"] == (DEADLINE, False, True, True)
    assert list(
        PublicContact.objects.late(DEADLINE + SECOND)
        .order_by("summary")
        .values_list("summary", flat=True)
    ) == ["a second later", "unanswered"]


def test_each_force_has_its_own_response_time(world):
    world.other_force.contact_response_hours = 24
    world.other_force.save()
    _contact(world, "elsewhere", neighbourhood=world.other_neighbourhood)
    deadline = RECEIVED + dt.timedelta(hours=24)
    assert _status(deadline + SECOND)["elsewhere"] == (deadline, False, True, True)
