"""Things that have happened cannot be dated in the future (issue 13: a priority agreed in
2030 was accepted and showed "Age -1128 days"). Today is whatever day the test runs."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from priorities.models import Priority, PriorityReview
from priorities.services import (
    meeting_record,
    priority_close,
    priority_create,
    priority_review_add,
)
from tests import factories as f
from tests.priorities.test_priority_views import create_data

pytestmark = pytest.mark.django_db

GOOD = dict(
    title="Drug dealing in Elm Park",
    description="Residents report dealing near the play area.",
    category="drugs",
    source="meeting",
    set_by="public",
    where="Elm Park, by the play area",
    when="Evenings 6-10pm, weekends",
)


def today():
    return timezone.localdate()


def test_today_is_accepted_and_tomorrow_is_refused(world):
    assert priority_create(neighbourhood=world.a1, date_set=today(), **GOOD).pk
    with pytest.raises(ValidationError) as error:
        priority_create(neighbourhood=world.a1, date_set=today() + dt.timedelta(days=1), **GOOD)
    assert error.value.message_dict == {
        "date_set": ["A priority cannot be agreed on a date in the future."]
    }
    assert Priority.objects.count() == 1


def test_the_page_shows_the_refusal_beside_the_date_and_saves_nothing(client_for, world):
    response = client_for("sergeant").post(
        f"/priorities/teams/{world.alpha.pk}/new/", create_data(world, date_set="2030-01-01")
    )
    assert response.status_code == 200
    assert "A priority cannot be agreed on a date in the future." in response.content.decode()
    assert not Priority.objects.exists()


def test_review_and_close_refuse_tomorrow(world):
    priority = f.PriorityFactory(neighbourhood=world.a1, date_set=today() - dt.timedelta(days=10))
    tomorrow = today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        priority_review_add(priority=priority, kind="review", text="Checked", date=tomorrow)
    assert set(error.value.message_dict) == {"date"}
    with pytest.raises(ValidationError) as error:
        priority_close(
            priority=priority,
            version=priority.version,
            closed_on=tomorrow,
            outcome="resolved",
            public_signoff=True,
        )
    assert set(error.value.message_dict) == {"closed_on"}
    assert not PriorityReview.objects.exists()
    priority.refresh_from_db()
    assert priority.status == "open"


def test_a_meeting_that_set_priorities_cannot_be_in_the_future(world):
    start = timezone.now() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        meeting_record(
            event_fields={
                "force": world.force,
                "team": world.alpha,
                "neighbourhood": world.a1,
                "kind": "pact_meeting",
                "title": "Abbey PACT",
                "start": start,
                "end": start + dt.timedelta(hours=2),
            },
            new_priorities=[{k: v for k, v in GOOD.items() if k != "source"}],
        )
    assert set(error.value.message_dict) == {"start"}
    assert not Priority.objects.exists()
