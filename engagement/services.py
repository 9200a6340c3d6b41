"""Writes for engagement events, public contacts and the key individual network.

Atomic, validated with ``full_clean()``; errors are ``ValidationError`` dicts naming the field.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from npms.dates import refuse_future, refuse_implausible
from teams.models import Force, Neighbourhood, Team

from .models import Event, KeyIndividual, PublicContact

EVENT_FIELDS = {
    "kind",
    "title",
    "start",
    "end",
    "neighbourhood",
    "team",
    "description",
    "address",
    "location",
    "public",
    "attendance",
    "chair",
    "minutes",
}


def _check_event_scope(event: Event) -> None:
    refuse_implausible("start", event.start)
    refuse_implausible("end", event.end)
    errors = {}
    if event.neighbourhood_id and event.neighbourhood.force_id != event.force_id:
        errors["neighbourhood"] = "The neighbourhood belongs to another force."
    if event.team_id and event.team.bcu.force_id != event.force_id:
        errors["team"] = "The team belongs to another force."
    if event.end is not None and event.start is not None and event.end < event.start:
        errors["end"] = "The event cannot end before it starts."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def event_create(
    *,
    force: Force,
    kind: str,
    title: str,
    start: dt.datetime,
    neighbourhood: Neighbourhood | None = None,
    team: Team | None = None,
    end: dt.datetime | None = None,
    description: str = "",
    address: str = "",
    location=None,
    public: bool = True,
    attendance: int | None = None,
    chair: str = "",
    minutes: str = "",
) -> Event:
    """Record a meeting or other engagement event."""
    event = Event(
        force=force,
        kind=kind,
        title=title,
        start=start,
        end=end,
        neighbourhood=neighbourhood,
        team=team,
        description=description,
        address=address,
        location=location,
        public=public,
        attendance=attendance,
        chair=chair,
        minutes=minutes,
    )
    _check_event_scope(event)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def event_update(*, event: Event, **fields) -> Event:
    """Change an event's details."""
    unknown = set(fields) - EVENT_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in unknown})
    for name, value in fields.items():
        setattr(event, name, value)
    _check_event_scope(event)
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def contact_create(
    *,
    neighbourhood: Neighbourhood,
    channel: str,
    received_at: dt.datetime,
    summary: str,
    team: Team | None = None,
    note: str = "",
    responded_at: dt.datetime | None = None,
    response: str = "",
) -> PublicContact:
    """Log a message from the public (and, optionally, the reply already given)."""
    contact = PublicContact(
        neighbourhood=neighbourhood,
        team=team,
        channel=channel,
        received_at=received_at,
        summary=summary,
        note=note,
        responded_at=responded_at,
        response=response,
    )
    _check_contact(contact)
    contact.full_clean()
    contact.save()
    return contact


def _check_contact(contact: PublicContact) -> None:
    refuse_implausible("received_at", contact.received_at)
    refuse_implausible("responded_at", contact.responded_at)
    refuse_future("received_at", contact.received_at, "A message cannot arrive in the future.")
    refuse_future("responded_at", contact.responded_at, "A reply cannot be given in the future.")
    if contact.responded_at and contact.received_at and contact.responded_at < contact.received_at:
        raise ValidationError({"responded_at": "The reply cannot come before the message."})
    if contact.responded_at and not (contact.response or "").strip():
        raise ValidationError({"response": "Say what the reply was."})
    if (
        contact.team_id
        and not contact.team.neighbourhoods.filter(pk=contact.neighbourhood_id).exists()
    ):
        raise ValidationError({"team": "The team does not cover this neighbourhood."})


@transaction.atomic
def contact_respond(
    *, contact: PublicContact, responded_at: dt.datetime, response: str
) -> PublicContact:
    """Record the reply to a public contact."""
    contact.responded_at = responded_at
    contact.response = response
    _check_contact(contact)
    contact.full_clean()
    contact.save(update_fields=["responded_at", "response", "updated_at"])
    return contact


@transaction.atomic
def key_individual_create(
    *,
    neighbourhood: Neighbourhood,
    name: str,
    team: Team | None = None,
    community_role: str = "",
    email: str = "",
    telephone: str = "",
    address: str = "",
    consent_given_on: dt.date | None = None,
    note: str = "",
) -> KeyIndividual:
    """Add a member of the Key Individual Network (personal data: police only)."""
    person = KeyIndividual(
        neighbourhood=neighbourhood,
        team=team,
        name=name,
        community_role=community_role,
        email=email,
        telephone=telephone,
        address=address,
        consent_given_on=consent_given_on,
        note=note,
    )
    if not (email or telephone or address):
        raise ValidationError({"telephone": "Give at least one way to reach this person."})
    refuse_future("consent_given_on", consent_given_on, "Consent cannot be given in the future.")
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def key_individual_update(*, person: KeyIndividual, **fields) -> KeyIndividual:
    allowed = {
        "name",
        "community_role",
        "email",
        "telephone",
        "address",
        "consent_given_on",
        "note",
        "active",
        "team",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: "This field cannot be changed." for name in unknown})
    if "consent_given_on" in fields:
        refuse_future(
            "consent_given_on", fields["consent_given_on"], "Consent cannot be given in the future."
        )
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean()
    person.save()
    return person
