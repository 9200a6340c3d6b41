import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from engagement.models import Event
from priorities.models import Priority, PriorityReview
from priorities.services import meeting_record
from tests import factories as f

pytestmark = pytest.mark.django_db


def _event_fields(world, **extra):
    start = timezone.make_aware(dt.datetime(2025, 6, 12, 19, 0))
    return {
        "force": world.force,
        "neighbourhood": world.a1,
        "team": world.alpha,
        "kind": "pact_meeting",
        "title": "Abbey PACT",
        "start": start,
        "end": start + dt.timedelta(hours=2),
        "attendance": 23,
        "chair": "Cllr Patel",
        **extra,
    }


NEW = {
    "title": "Speeding on Station Road",
    "description": "Cars racing at night.",
    "category": "road_safety",
    "where": "Station Road by the school",
    "when": "Fri-Sat 10pm-2am",
}


def test_meeting_sets_and_reviews_priorities_in_one_go(world):
    existing = f.PriorityFactory(neighbourhood=world.a1, date_set=dt.date(2025, 3, 1))
    event, created = meeting_record(
        event_fields=_event_fields(world),
        new_priorities=[NEW],
        reviews=[{"priority": existing, "kind": "review", "text": "Keep: still a problem."}],
    )
    (priority,) = created
    assert priority.raised_at == event
    assert (priority.date_set, priority.source, priority.set_by) == (
        dt.date(2025, 6, 12),
        "meeting",
        "public",
    )
    review = existing.reviews.get()
    assert (review.kind, review.date) == ("review", dt.date(2025, 6, 12))


def test_one_bad_priority_saves_nothing(world):
    with pytest.raises(ValidationError) as error:
        meeting_record(
            event_fields=_event_fields(world),
            new_priorities=[NEW, {**NEW, "where": ""}],
        )
    assert "new_priorities[1].where" in error.value.message_dict
    assert not Event.objects.exists()
    assert not Priority.objects.exists()
    assert not PriorityReview.objects.exists()


def test_street_briefing_does_not_set_priorities(world):
    with pytest.raises(ValidationError) as error:
        meeting_record(
            event_fields=_event_fields(world, kind="street_briefing"), new_priorities=[NEW]
        )
    assert "kind" in error.value.message_dict
    assert not Event.objects.exists()


def test_meeting_ending_before_it_starts_names_end(world):
    fields = _event_fields(world)
    fields["end"] = fields["start"] - dt.timedelta(minutes=5)
    with pytest.raises(ValidationError) as error:
        meeting_record(event_fields=fields)
    assert "end" in error.value.message_dict
