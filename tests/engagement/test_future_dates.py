"""Messages, replies and consent cannot be dated in the future (issue 13)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from engagement.models import KeyIndividual, PublicContact
from engagement.services import contact_create, key_individual_create

pytestmark = pytest.mark.django_db


def test_a_message_received_tomorrow_is_refused(world):
    with pytest.raises(ValidationError) as error:
        contact_create(
            neighbourhood=world.a1,
            channel="email",
            received_at=timezone.now() + dt.timedelta(days=1),
            summary="Noise",
        )
    assert error.value.message_dict == {"received_at": ["A message cannot arrive in the future."]}
    assert not PublicContact.objects.exists()


def test_a_message_stamped_a_minute_ahead_by_a_phone_is_accepted(world):
    contact = contact_create(
        neighbourhood=world.a1,
        channel="phone",
        received_at=timezone.now() + dt.timedelta(minutes=1),
        summary="Noise",
    )
    assert contact.pk


def test_consent_given_tomorrow_is_refused(world):
    with pytest.raises(ValidationError) as error:
        key_individual_create(
            neighbourhood=world.a1,
            name="Ann Example",
            telephone="01234 567890",
            consent_given_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert set(error.value.message_dict) == {"consent_given_on"}
    assert not KeyIndividual.objects.exists()


def test_an_event_in_the_year_896_is_refused_naming_start(client_for, world):
    # Found by schemathesis: such a start was saved and came back with the zone offset
    # -00:01:15 (London's local mean time), which is not a valid API date-time.
    response = client_for("sergeant").post(
        "/api/v1/events/",
        {
            "neighbourhood": world.a1.pk,
            "kind": "surgery",
            "title": "Street surgery",
            "start": "0896-03-01T10:00:00Z",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"start": ["Give a date between 1900 and 2100."]}
