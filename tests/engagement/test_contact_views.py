"""Public contacts (issue 4, item 5): log, reply, time left, overdue ones stand out."""

import datetime as dt

import pytest
from django.utils import timezone

from engagement.models import PublicContact
from tests import factories as f

pytestmark = pytest.mark.django_db


def list_url(world, show="open"):
    return f"/engagement/teams/{world.alpha.pk}/contacts/?show={show}"


@pytest.mark.parametrize(
    "persona,status",
    [
        ("sergeant", 200),
        ("officer", 200),
        ("bcu_commander", 200),
        ("inspector", 200),
        ("other_sergeant", 404),
        ("partner", 404),
        ("outsider_admin", 404),
    ],
)
def test_list_scope(client_for, world, persona, status):
    assert client_for(persona).get(list_url(world)).status_code == status


def test_list_needs_sign_in(client, world):
    assert client.get(list_url(world)).status_code == 302


def test_list_shows_time_left_and_overdue_first(client_for, world, django_assert_num_queries):
    now = timezone.now()
    # Force limit 72 h. Received 80 h ago: due 8 h ago, overdue. Received 70 h ago: 2 h left.
    f.PublicContactFactory(
        neighbourhood=world.a1,
        summary="Fly-tipping behind the Co-op",
        received_at=now - dt.timedelta(hours=80),
    )
    f.PublicContactFactory(
        neighbourhood=world.a2,
        summary="Cars racing on the ring road",
        received_at=now - dt.timedelta(hours=70),
    )
    f.PublicContactFactory(neighbourhood=world.b1, summary="Bravo's contact")
    f.PublicContactFactory(
        neighbourhood=world.a1,
        summary="Already answered",
        received_at=now - dt.timedelta(hours=5),
        responded_at=now - dt.timedelta(hours=1),
        response="Thanks",
    )
    client = client_for("sergeant")
    # 1 session, 2 user, 3 team (+bcu, force), 4 contacts with their deadline, 5 the
    # access-log row (issue 12).
    with django_assert_num_queries(5):
        response = client.get(list_url(world))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Fly-tipping behind the Co-op") < body.index("Cars racing on the ring road")
    assert "npms-row--overdue" in body and "Overdue" in body  # colour and the word
    assert "by 8" in body  # "by 8 hours"
    assert "1 hour" in body or "2 hours" in body  # about 2 h left
    assert "Bravo&#x27;s contact" not in body
    assert "Already answered" not in body  # only waiting ones by default
    assert "Already answered" in client.get(list_url(world, "all")).content.decode()


def test_officer_logs_a_contact_with_its_reply(client_for, world):
    response = client_for("officer").post(
        f"/engagement/teams/{world.alpha.pk}/contacts/new/",
        {
            "neighbourhood": world.a1.pk,
            "channel": "phone",
            "received_at": "2025-03-03T09:15",
            "summary": "Abandoned car on Elm Street",
            "note": "Caller known to us",
            "responded_at": "2025-03-03T11:00",
            "response": "Reported to the council",
        },
    )
    assert response.status_code == 302
    contact = PublicContact.objects.get()
    assert contact.team == world.alpha
    assert contact.summary == "Abandoned car on Elm Street"
    assert contact.responded_at - contact.received_at == dt.timedelta(hours=1, minutes=45)


def test_reply_before_message_is_refused_beside_the_field(client_for, world):
    response = client_for("sergeant").post(
        f"/engagement/teams/{world.alpha.pk}/contacts/new/",
        {
            "neighbourhood": world.a1.pk,
            "channel": "email",
            "received_at": "2025-03-03T09:15",
            "summary": "Graffiti on the bridge",
            "responded_at": "2025-03-02T09:00",
            "response": "Cleaned",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_responded_at-error"' in body
    assert "cannot come before the message" in body
    assert "Graffiti on the bridge" in body  # kept
    assert PublicContact.objects.count() == 0


def test_contact_in_another_teams_neighbourhood_is_refused(client_for, world):
    response = client_for("sergeant").post(
        f"/engagement/teams/{world.alpha.pk}/contacts/new/",
        {
            "neighbourhood": world.b1.pk,
            "channel": "email",
            "received_at": "2025-03-03T09:15",
            "summary": "x",
        },
    )
    assert response.status_code == 200
    assert 'id="id_neighbourhood-error"' in response.content.decode()
    assert PublicContact.objects.count() == 0


@pytest.mark.parametrize("persona", ["bcu_commander", "force_viewer", "other_sergeant", "partner"])
def test_others_cannot_log(client_for, world, persona):
    url = f"/engagement/teams/{world.alpha.pk}/contacts/new/"
    assert client_for(persona).get(url).status_code == 404


def test_respond(client_for, world):
    contact = f.PublicContactFactory(
        neighbourhood=world.a1, team=world.alpha, received_at=timezone.now() - dt.timedelta(hours=3)
    )
    url = f"/engagement/contacts/{contact.pk}/respond/"
    assert client_for("other_sergeant").get(url).status_code == 404
    assert client_for("partner").get(url).status_code == 404
    client = client_for("officer")
    empty = client.post(url, {"responded_at": "", "response": ""})
    assert 'id="id_response-error"' in empty.content.decode()
    answered_at = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"responded_at": answered_at, "response": "We will patrol there"})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.response == "We will patrol there"
    assert contact.responded_at is not None
