import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from engagement.models import KeyIndividual, PublicContact
from engagement.services import (
    contact_create,
    contact_respond,
    event_create,
    key_individual_create,
)

pytestmark = pytest.mark.django_db
NOON = timezone.make_aware(dt.datetime(2025, 6, 2, 12, 0))


def test_contact_and_reply(world):
    contact = contact_create(
        neighbourhood=world.a1,
        team=world.alpha,
        channel="email",
        received_at=NOON,
        summary="Bikes on the footpath",
    )
    contact_respond(contact=contact, responded_at=NOON + dt.timedelta(hours=30), response="Patrols")
    contact.refresh_from_db()
    assert contact.responded_at - contact.received_at == dt.timedelta(hours=30)


def test_reply_before_message_names_responded_at(world):
    contact = contact_create(neighbourhood=world.a1, channel="phone", received_at=NOON, summary="x")
    with pytest.raises(ValidationError) as error:
        contact_respond(contact=contact, responded_at=NOON - dt.timedelta(minutes=1), response="y")
    assert "responded_at" in error.value.message_dict
    contact.refresh_from_db()
    assert contact.responded_at is None


def test_team_must_cover_the_neighbourhood(world):
    with pytest.raises(ValidationError) as error:
        contact_create(
            neighbourhood=world.c1, team=world.alpha, channel="email", received_at=NOON, summary="x"
        )
    assert "team" in error.value.message_dict
    assert not PublicContact.objects.exists()


def test_unknown_channel_names_the_field(world):
    with pytest.raises(ValidationError) as error:
        contact_create(neighbourhood=world.a1, channel="pigeon", received_at=NOON, summary="x")
    assert "channel" in error.value.message_dict


def test_event_of_another_forces_neighbourhood_is_refused(world):
    with pytest.raises(ValidationError) as error:
        event_create(
            force=world.force,
            neighbourhood=world.other_neighbourhood,
            kind="surgery",
            title="Surgery",
            start=NOON,
        )
    assert "neighbourhood" in error.value.message_dict


def test_key_individual_needs_a_way_to_reach_them(world):
    with pytest.raises(ValidationError) as error:
        key_individual_create(neighbourhood=world.a1, name="Mrs Jones")
    assert "telephone" in error.value.message_dict
    person = key_individual_create(
        neighbourhood=world.a1, name="Mrs Jones", telephone="01234 567890"
    )
    assert KeyIndividual.objects.get() == person
