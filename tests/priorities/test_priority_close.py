import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from priorities.services import priority_close, priority_reopen, priority_review_add
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_close_with_outcome_signoff_and_feedback(world, personas):
    priority = f.PriorityFactory(neighbourhood=world.a1, date_set=dt.date(2025, 1, 1))
    closed = priority_close(
        priority=priority,
        version=1,
        closed_on=dt.date(2025, 3, 1),
        outcome="resolved",
        public_signoff=True,
        feedback="You said: dealing in the park. We did: two arrests.",
        author=personas["sergeant"],
    )
    assert (closed.status, closed.closed_on, closed.outcome, closed.public_signoff) == (
        "closed",
        dt.date(2025, 3, 1),
        "resolved",
        True,
    )
    assert closed.version == 2
    feedback = closed.reviews.get()
    assert (feedback.kind, feedback.date, feedback.public) == (
        "feedback",
        dt.date(2025, 3, 1),
        True,
    )
    # History: created, then closed by the sergeant.
    latest = closed.history.latest("history_date")
    assert latest.history_user == personas["sergeant"]
    assert latest.history_change_reason == "closed"


def test_close_needs_an_outcome(world):
    priority = f.PriorityFactory(neighbourhood=world.a1)
    with pytest.raises(ValidationError) as error:
        priority_close(
            priority=priority,
            version=1,
            closed_on=dt.date(2025, 3, 1),
            outcome="",
            public_signoff=False,
        )
    assert "outcome" in error.value.message_dict
    priority.refresh_from_db()
    assert priority.status == "open"


def test_close_before_date_set_is_refused(world):
    priority = f.PriorityFactory(neighbourhood=world.a1, date_set=dt.date(2025, 1, 10))
    with pytest.raises(ValidationError) as error:
        priority_close(
            priority=priority,
            version=1,
            closed_on=dt.date(2025, 1, 9),
            outcome="resolved",
            public_signoff=True,
        )
    assert "closed_on" in error.value.message_dict


def test_feedback_error_leaves_the_priority_open(world):
    # A close whose feedback cannot be saved must not half-close the priority.
    priority = f.PriorityFactory(neighbourhood=world.a1, date_set=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError):
        priority_close(
            priority=priority,
            version=1,
            closed_on=dt.date(2025, 3, 1),
            outcome="resolved",
            public_signoff=True,
            feedback="x" * 10 + "\x00",
        )
    priority.refresh_from_db()
    assert priority.status == "open"
    assert priority.version == 1


def test_reopen_clears_the_closure(world):
    priority = f.PriorityFactory(neighbourhood=world.a1, date_set=dt.date(2025, 1, 1))
    priority_close(
        priority=priority,
        version=1,
        closed_on=dt.date(2025, 3, 1),
        outcome="withdrawn",
        public_signoff=False,
        withdrawn_reason="Merged into the town-centre ASB priority.",
    )
    reopened = priority_reopen(priority=priority, version=2)
    assert reopened.withdrawn_reason == ""
    assert (reopened.status, reopened.closed_on, reopened.outcome, reopened.version) == (
        "open",
        None,
        "",
        3,
    )
    with pytest.raises(ValidationError) as error:
        priority_reopen(priority=priority, version=3)
    assert "status" in error.value.message_dict


def test_review_cannot_predate_the_priority(world):
    priority = f.PriorityFactory(neighbourhood=world.a1, date_set=dt.date(2025, 1, 10))
    with pytest.raises(ValidationError) as error:
        priority_review_add(priority=priority, kind="review", text="ok", date=dt.date(2025, 1, 9))
    assert "date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        priority_review_add(priority=priority, kind="chat", text="ok", date=dt.date(2025, 1, 11))
    assert "kind" in error.value.message_dict
