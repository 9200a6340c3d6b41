"""Log a meeting with the priorities it agreed and those it reviewed, in one form
(issue 4, item 2): all saved or nothing."""

import datetime as dt

import pytest

from engagement.models import Event
from priorities.models import Priority, PriorityReview
from tests import factories as f

pytestmark = [
    pytest.mark.django_db,
]


def url(world):
    return f"/priorities/teams/{world.alpha.pk}/meetings/new/"


def meeting_data(world, new=(), reviews=None, **overrides):
    data = {
        "kind": "pact_meeting",
        "neighbourhood": world.a1.pk,
        "title": "Abbey PACT, March",
        "start": "2025-03-03T19:00",
        "end": "2025-03-03T20:30",
        "address": "Abbey Community Centre, 1 High Street",
        "location": "",
        "public": "on",
        "attendance": "23",
        "chair": "Cllr Green",
        "minutes": "Residents raised speeding.",
        "new-TOTAL_FORMS": "2",
        "new-INITIAL_FORMS": "0",
        "new-MIN_NUM_FORMS": "0",
        "new-MAX_NUM_FORMS": "10",
        "new-0-set_by": "public",
        "new-0-public": "on",
        "new-1-set_by": "public",
        "new-1-public": "on",
    }
    for i, row in enumerate(new):
        for key, value in row.items():
            data[f"new-{i}-{key}"] = value
    for pk, row in (reviews or {}).items():
        for key, value in row.items():
            data[f"review-{pk}-{key}"] = value
    data.update(overrides)
    return data


SPEEDING = {
    "title": "Speeding on Station Road",
    "where": "Station Road by the school",
    "when": "Weekdays 8 to 9am",
    "who": "Parents and children",
    "description": "Cars speeding past the school.",
    "category": "road_safety",
}


@pytest.mark.parametrize(
    "persona,status",
    [
        ("sergeant", 200),
        ("officer", 200),
        ("force_admin", 200),
        ("bcu_commander", 404),
        ("force_viewer", 404),
        ("other_sergeant", 404),
        ("partner", 404),
    ],
)
def test_scope(client_for, world, persona, status):
    assert client_for(persona).get(url(world)).status_code == status


def test_officer_logs_the_meeting_without_priority_sections(client_for, world):
    body = client_for("officer").get(url(world)).content.decode()
    assert "New priorities agreed" not in body


def test_meeting_sets_a_priority_and_reviews_an_open_one(client_for, world):
    existing = f.PriorityFactory(neighbourhood=world.a1, title="Litter in the park")
    response = client_for("sergeant").post(
        url(world),
        meeting_data(
            world,
            new=[SPEEDING],
            reviews={
                existing.pk: {
                    "reviewed": "on",
                    "kind": "review",
                    "text": "Still a problem; keep it",
                    "public": "on",
                }
            },
        ),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert response["Location"] == f"/priorities/meetings/{event.pk}/"
    assert (event.kind, event.attendance, event.chair, event.team) == (
        "pact_meeting",
        23,
        "Cllr Green",
        world.alpha,
    )
    created = Priority.objects.get(title="Speeding on Station Road")
    assert created.raised_at == event and created.neighbourhood == world.a1
    assert created.where == "Station Road by the school"
    review = PriorityReview.objects.get(priority=existing)
    assert (review.kind, review.text) == ("review", "Still a problem; keep it")
    assert (review.event, review.date) == (event, dt.date(2025, 3, 3))


def test_a_vague_new_priority_refuses_the_whole_meeting(client_for, world):
    vague = {**SPEEDING, "title": "Tackle ASB", "where": "", "when": ""}
    response = client_for("sergeant").post(url(world), meeting_data(world, new=[vague]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_new-0-where-error"' in body
    assert 'value="Tackle ASB"' in body and 'value="Cllr Green"' in body  # all kept
    assert Event.objects.count() == 0 and Priority.objects.count() == 0


def test_a_reviewed_priority_needs_words(client_for, world):
    existing = f.PriorityFactory(neighbourhood=world.a1)
    response = client_for("sergeant").post(
        url(world),
        meeting_data(
            world, reviews={existing.pk: {"reviewed": "on", "kind": "review", "text": ""}}
        ),
    )
    assert f'id="id_review-{existing.pk}-text-error"' in response.content.decode()
    assert Event.objects.count() == 0


def test_bad_meeting_fields_are_shown_beside_them(client_for, world):
    response = client_for("sergeant").post(
        url(world), meeting_data(world, start="", end="2025-03-03T18:00", attendance="-3")
    )
    body = response.content.decode()
    assert 'id="id_start-error"' in body and 'id="id_attendance-error"' in body
    assert Event.objects.count() == 0
