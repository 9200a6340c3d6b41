"""Priority pages (issue 4, item 3): list, create, detail, history, review, close, reopen,
with every role's scope and optimistic concurrency on ``version``."""

import datetime as dt

import pytest

from priorities.models import Priority, PriorityReview
from tests import factories as f

pytestmark = [
    pytest.mark.django_db,
]

ALL_FORBIDDEN_TO_CHANGE = [
    "officer",
    "bcu_commander",
    "force_viewer",
    "inspector",
    "other_sergeant",
    "partner",
    "outsider_admin",
]


@pytest.fixture
def priority(world):
    return f.PriorityFactory(
        neighbourhood=world.a1,
        title="Youths on Mill Road",
        where="The shops on Mill Road",
        when="Fridays 7pm to 11pm",
        who="Residents of Mill Road",
        date_set=dt.date(2025, 1, 1),
    )


def create_data(world, **overrides):
    data = {
        "neighbourhood": world.a1.pk,
        "title": "Speeding on Station Road",
        "where": "Station Road between the school and the station",
        "when": "School run, 8 to 9am",
        "who": "Parents and children walking to school",
        "description": "Cars speeding past the school gates.",
        "category": "road_safety",
        "source": "meeting",
        "set_by": "public",
        "date_set": "2025-03-03",
        "location": "",
        "public": "on",
    }
    data.update(overrides)
    return data


# -- create -------------------------------------------------------------------------------


def test_create(client_for, world):
    response = client_for("sergeant").post(
        f"/priorities/teams/{world.alpha.pk}/new/", create_data(world)
    )
    priority = Priority.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/priorities/{priority.pk}/"
    assert priority.where == "Station Road between the school and the station"
    assert priority.when == "School run, 8 to 9am"
    assert priority.status == "open" and priority.version == 1


def test_vague_priority_is_refused_beside_the_fields_and_kept(client_for, world):
    response = client_for("sergeant").post(
        f"/priorities/teams/{world.alpha.pk}/new/",
        create_data(world, title="Tackle ASB", where="", when="", description="Tackle ASB"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'id="id_where-error"' in body
    assert 'value="Tackle ASB"' in body
    assert Priority.objects.count() == 0


def test_create_in_another_teams_neighbourhood_is_refused(client_for, world):
    response = client_for("sergeant").post(
        f"/priorities/teams/{world.alpha.pk}/new/", create_data(world, neighbourhood=world.b1.pk)
    )
    assert 'id="id_neighbourhood-error"' in response.content.decode()
    assert Priority.objects.count() == 0


@pytest.mark.parametrize("persona", ALL_FORBIDDEN_TO_CHANGE)
def test_create_is_for_the_sergeant_and_force_admin(client_for, world, persona):
    url = f"/priorities/teams/{world.alpha.pk}/new/"
    assert client_for(persona).get(url).status_code == 404
    assert client_for(persona).post(url, create_data(world)).status_code == 404
    assert Priority.objects.count() == 0


def test_force_admin_may_create(client_for, world):
    url = f"/priorities/teams/{world.alpha.pk}/new/"
    assert client_for("force_admin").post(url, create_data(world)).status_code == 302


# -- edit, history, concurrency -----------------------------------------------------------


def edit_data(priority, **overrides):
    data = {
        "version": priority.version,
        "title": priority.title,
        "where": priority.where,
        "when": priority.when,
        "who": priority.who,
        "description": priority.description,
        "category": priority.category,
        "public": "on",
    }
    data.update(overrides)
    return data


def test_edit_and_history(client_for, priority):
    client = client_for("sergeant")
    response = client.post(
        f"/priorities/{priority.pk}/edit/", edit_data(priority, when="Fridays and Saturdays")
    )
    assert response.status_code == 302
    priority.refresh_from_db()
    assert priority.when == "Fridays and Saturdays" and priority.version == 2
    body = client.get(f"/priorities/{priority.pk}/history/").content.decode()
    assert "Fridays 7pm to 11pm" in body and "Fridays and Saturdays" in body


def test_stale_edit_is_refused_and_keeps_what_was_typed(client_for, priority):
    client = client_for("sergeant")
    # Someone else saves first (version 1 -> 2).
    client.post(f"/priorities/{priority.pk}/edit/", edit_data(priority, who="Shopkeepers"))
    # Our form still carries version 1.
    response = client.post(
        f"/priorities/{priority.pk}/edit/", edit_data(priority, when="Every evening")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "changed by someone else" in body
    assert 'value="Every evening"' in body  # kept
    assert "Shopkeepers" in body  # their change is shown
    assert 'name="version" value="2"' in body  # a second save is a deliberate overwrite
    priority.refresh_from_db()
    assert priority.when == "Fridays 7pm to 11pm" and priority.who == "Shopkeepers"


@pytest.mark.parametrize("persona", ALL_FORBIDDEN_TO_CHANGE)
def test_only_the_sergeant_edits_reviews_closes_reopens(client_for, priority, persona):
    client = client_for(persona)
    for suffix in ("edit/", "reviews/new/", "close/"):
        assert client.get(f"/priorities/{priority.pk}/{suffix}").status_code == 404
    assert client.post(f"/priorities/{priority.pk}/reopen/", {"version": 1}).status_code == 404


# -- review, close, reopen ----------------------------------------------------------------


def test_add_review(client_for, priority):
    client = client_for("sergeant")
    missing = client.post(
        f"/priorities/{priority.pk}/reviews/new/",
        {"kind": "review", "date": "2025-03-03", "text": ""},
    )
    assert 'id="id_text-error"' in missing.content.decode()
    response = client.post(
        f"/priorities/{priority.pk}/reviews/new/",
        {"kind": "review", "date": "2025-03-03", "text": "Panel agreed to keep it", "public": "on"},
    )
    assert response.status_code == 302
    review = PriorityReview.objects.get()
    assert (review.kind, review.text, review.public) == ("review", "Panel agreed to keep it", True)


def test_close_with_signoff_then_reopen(client_for, priority):
    client = client_for("sergeant")
    no_outcome = client.post(
        f"/priorities/{priority.pk}/close/",
        {"version": 1, "closed_on": "2025-03-03", "feedback": "Patrols stopped it"},
    )
    assert 'id="id_outcome-error"' in no_outcome.content.decode()
    assert "Patrols stopped it" in no_outcome.content.decode()
    response = client.post(
        f"/priorities/{priority.pk}/close/",
        {
            "version": 1,
            "closed_on": "2025-03-03",
            "outcome": "resolved",
            "public_signoff": "on",
            "feedback": "Patrols stopped it",
        },
    )
    assert response.status_code == 302
    priority.refresh_from_db()
    assert (priority.status, priority.outcome, priority.public_signoff) == (
        "closed",
        "resolved",
        True,
    )
    assert priority.reviews.filter(kind="feedback", text="Patrols stopped it").exists()
    # A stale reopen (version 1) is refused with the message; the right version reopens.
    stale = client.post(f"/priorities/{priority.pk}/reopen/", {"version": 1}, follow=True)
    assert "changed by someone else" in stale.content.decode()
    priority.refresh_from_db()
    assert priority.status == "closed"
    client.post(f"/priorities/{priority.pk}/reopen/", {"version": priority.version})
    priority.refresh_from_db()
    assert priority.status == "open" and priority.closed_on is None


def test_stale_close_keeps_what_was_typed(client_for, priority):
    client = client_for("sergeant")
    client.post(f"/priorities/{priority.pk}/edit/", edit_data(priority, who="Shopkeepers"))
    response = client.post(
        f"/priorities/{priority.pk}/close/",
        {
            "version": 1,
            "closed_on": "2025-03-03",
            "outcome": "resolved",
            "feedback": "All quiet now",
        },
    )
    body = response.content.decode()
    assert "changed by someone else" in body and "All quiet now" in body
    priority.refresh_from_db()
    assert priority.status == "open"
