"""A priority closes only with the forum's public sign-off, or as ``withdrawn`` with a reason
(seeds/004 lines 7465-7468: "only when those who have raised the issue are satisfied with the
outcome"; lines 23198-23209: the priority-setting forum decides). Refusals name the field and
leave the priority open."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from priorities.services import priority_close
from tests import factories as f

pytestmark = pytest.mark.django_db
SET = dt.date(2025, 1, 10)
CLOSE = dt.date(2025, 3, 1)


@pytest.fixture
def priority(world):
    return f.PriorityFactory(neighbourhood=world.a1, date_set=SET)


@pytest.mark.parametrize("outcome", ["resolved", "partially_resolved", "not_resolved"])
def test_without_signoff_it_is_refused_naming_public_signoff(priority, outcome):
    with pytest.raises(ValidationError) as error:
        priority_close(
            priority=priority, version=1, closed_on=CLOSE, outcome=outcome, public_signoff=False
        )
    assert "public_signoff" in error.value.message_dict
    priority.refresh_from_db()
    assert (priority.status, priority.closed_on, priority.version) == ("open", None, 1)


def test_with_signoff_it_closes(priority):
    closed = priority_close(
        priority=priority, version=1, closed_on=CLOSE, outcome="resolved", public_signoff=True
    )
    assert (closed.status, closed.outcome, closed.public_signoff) == ("closed", "resolved", True)


def test_withdrawn_needs_a_reason(priority):
    with pytest.raises(ValidationError) as error:
        priority_close(
            priority=priority,
            version=1,
            closed_on=CLOSE,
            outcome="withdrawn",
            public_signoff=False,
            withdrawn_reason="   ",
        )
    assert "withdrawn_reason" in error.value.message_dict
    priority.refresh_from_db()
    assert priority.status == "open"
    closed = priority_close(
        priority=priority,
        version=1,
        closed_on=CLOSE,
        outcome="withdrawn",
        public_signoff=False,
        withdrawn_reason="The forum merged it into the town-centre ASB priority.",
    )
    assert (closed.status, closed.outcome) == ("closed", "withdrawn")
    assert closed.withdrawn_reason == "The forum merged it into the town-centre ASB priority."


def test_the_close_page_shows_the_error_beside_the_field(client_for, world, priority):
    response = client_for("sergeant").post(
        f"/priorities/{priority.pk}/close/",
        {"version": 1, "closed_on": "2025-03-01", "outcome": "resolved"},
    )
    assert response.status_code == 200
    assert "A priority closes only when the forum" in response.content.decode()
    priority.refresh_from_db()
    assert priority.status == "open"


def test_the_api_answers_400_naming_the_field(client_for, world, priority):
    response = client_for("sergeant").post(
        f"/api/v1/priorities/{priority.pk}/close/",
        {"version": 1, "closed_on": "2025-03-01", "outcome": "withdrawn", "public_signoff": False},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "withdrawn_reason" in str(response.json())
