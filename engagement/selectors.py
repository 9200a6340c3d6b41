"""Reads for engagement: who may see events, contacts and key individuals.

The contact-deadline rule (deadline, answered in time, late) is
``PublicContact.objects.with_response_status(now)`` in models.py."""

from django.db.models import (
    Q,
    QuerySet,
)

from npms.scope import Scope
from teams.models import Team
from teams.selectors import (
    neighbourhoods_visible,
    teams_visible,
    teams_with_key_individuals_visible,
)

from .models import Event, KeyIndividual, PublicContact

# ---------------------------------------------------------------------------------------------
# Who may read engagement data (DESIGN.md section 5). Pages, API views, form choices and the
# related lists of other apps' pages all ask these.


def events_visible(scope: Scope) -> QuerySet[Event]:
    """Events: force-wide roles every event of the force (force-level ones with no team or
    neighbourhood too); a BCU commander, sergeant or officer those of their teams or
    neighbourhoods; a partner only public events in its neighbourhoods; the public none
    (the public pages have their own selector of public events)."""
    if scope.superuser:
        return Event.objects.all()
    if scope.force_wide:
        return Event.objects.filter(force_id=scope.force_id)
    if scope.is_partner:
        return Event.objects.filter(public=True, neighbourhood__in=neighbourhoods_visible(scope))
    if scope.is_police:
        return Event.objects.filter(
            Q(neighbourhood__in=neighbourhoods_visible(scope)) | Q(team__in=teams_visible(scope))
        )
    return Event.objects.none()


def team_events(scope: Scope, *, team: Team) -> QuerySet[Event]:
    """The caller's visible events of ``team``: logged for the team (with or without a
    neighbourhood) or held in one of its neighbourhoods."""
    return events_visible(scope).filter(
        Q(team=team) | Q(neighbourhood__in=team.neighbourhoods.values("pk"))
    )


def contacts_visible(scope: Scope) -> QuerySet[PublicContact]:
    """Messages from the public in the caller's neighbourhoods: police only."""
    if not scope.is_police:
        return PublicContact.objects.none()
    if scope.superuser:
        return PublicContact.objects.all()
    return PublicContact.objects.filter(neighbourhood__in=neighbourhoods_visible(scope))


def key_individuals_visible(scope: Scope) -> QuerySet[KeyIndividual]:
    """The key individual network: personal data for the eyes of the team that keeps it
    (its sergeant and officers) and superusers only; never partners, commanders or the
    public (DESIGN.md section 5)."""
    if scope.superuser:
        return KeyIndividual.objects.all()
    teams = teams_with_key_individuals_visible(scope)
    return KeyIndividual.objects.filter(
        Q(team__in=teams) | Q(neighbourhood__teams__in=teams)
    ).distinct()
