"""Engagement pages: the team's meetings, public contacts and key individual network.

Logging a meeting together with the priorities it agreed is a priorities page
(``priorities.views.meeting_record``) because priorities build on engagement.
Scope: the team must be in ``visible_teams`` (else 404); contacts and KIN are police data.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from engagement import services
from engagement.forms import ContactForm, KeyIndividualForm, RespondForm
from engagement.models import Event, KeyIndividual, PublicContact
from npms.pages import add_service_errors, error_context, team_or_404
from npms.scoping import (
    can_record_for_team,
    can_see_key_individuals,
    is_police,
    visible_neighbourhoods,
    visible_teams,
)

LIST_LIMIT = 100


def _team_events(team):
    return Event.objects.filter(Q(team=team) | Q(neighbourhood__teams=team)).distinct()


@login_required
def meeting_list(request, team_id: int):
    """Upcoming meetings (public ones are what the public page lists) and recent ones."""
    team = team_or_404(request.user, team_id)
    now = timezone.now()
    events = _team_events(team).select_related("neighbourhood")
    upcoming = events.filter(start__gte=now).order_by("start")[:LIST_LIMIT]
    recent = events.filter(start__lt=now).order_by("-start")[:LIST_LIMIT]
    return render(
        request,
        "engagement/meeting_list.html",
        {
            "team": team,
            "upcoming": upcoming,
            "recent": recent,
            "can_record": can_record_for_team(request.user, team),
        },
    )


def _event_or_404(user, pk: int) -> Event:
    events = Event.objects.filter(
        Q(team__in=visible_teams(user)) | Q(neighbourhood__in=visible_neighbourhoods(user))
    )
    if not is_police(user):
        events = events.filter(public=True)
    return get_object_or_404(events.select_related("neighbourhood", "team").distinct(), pk=pk)


@login_required
def meeting_detail(request, pk: int):
    event = _event_or_404(request.user, pk)
    priorities = event.priorities_set.all()
    if not is_police(request.user):
        priorities = priorities.filter(public=True)
    return render(
        request,
        "engagement/meeting_detail.html",
        {"event": event, "priorities": priorities, "police": is_police(request.user)},
    )


@login_required
def contact_list(request, team_id: int):
    """The team's public contacts, newest first, with the time left to answer."""
    team = team_or_404(request.user, team_id)
    if not is_police(request.user):
        raise Http404
    now = timezone.now()
    contacts = (
        PublicContact.objects.filter(neighbourhood__teams=team)
        .select_related("neighbourhood")
        .with_response_status(now)
    )
    show = request.GET.get("show", "open")
    if show == "open":
        contacts = contacts.filter(responded_at__isnull=True)
    contacts = contacts.order_by("-overdue", "deadline" if show == "open" else "-received_at")
    return render(
        request,
        "engagement/contact_list.html",
        {
            "team": team,
            "contacts": contacts[:LIST_LIMIT],
            "now": now,
            "show": show,
            "hours": team.bcu.force.contact_response_hours,
            "can_record": can_record_for_team(request.user, team),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request, team_id: int):
    team = team_or_404(request.user, team_id)
    if not can_record_for_team(request.user, team):
        raise Http404
    form = ContactForm(request.POST or None, neighbourhoods=team.neighbourhoods.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_create(team=team, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Contact logged.")
            return redirect("engagement:contact_list", team_id=team.pk)
    return render(
        request,
        "engagement/contact_form.html",
        {"team": team, "form": form, **error_context(form)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_respond(request, pk: int):
    contact = get_object_or_404(
        PublicContact.objects.filter(
            neighbourhood__in=visible_neighbourhoods(request.user)
        ).select_related("neighbourhood__force", "team"),
        pk=pk,
    )
    teams = visible_teams(request.user).filter(neighbourhoods=contact.neighbourhood)
    team = contact.team if contact.team_id else teams.select_related("bcu__force").first()
    if team is None or not is_police(request.user) or not can_record_for_team(request.user, team):
        raise Http404
    form = RespondForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_respond(contact=contact, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Reply recorded.")
            return redirect("engagement:contact_list", team_id=team.pk)
    return render(
        request,
        "engagement/contact_respond.html",
        {"team": team, "contact": contact, "form": form, **error_context(form)},
    )


@login_required
def kin_list(request, team_id: int):
    """The team's key individual network: personal data, the team's eyes only."""
    team = team_or_404(request.user, team_id)
    if not can_see_key_individuals(request.user, team):
        raise Http404
    people = (
        KeyIndividual.objects.filter(Q(team=team) | Q(neighbourhood__teams=team))
        .select_related("neighbourhood")
        .distinct()
        .order_by("-active", "name")
    )
    return render(request, "engagement/kin_list.html", {"team": team, "people": people})


@login_required
@require_http_methods(["GET", "POST"])
def kin_create(request, team_id: int):
    team = team_or_404(request.user, team_id)
    if not can_see_key_individuals(request.user, team):
        raise Http404
    form = KeyIndividualForm(request.POST or None, neighbourhoods=team.neighbourhoods.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.key_individual_create(team=team, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Added to the key individual network.")
            return redirect("engagement:kin_list", team_id=team.pk)
    return render(
        request, "engagement/kin_form.html", {"team": team, "form": form, **error_context(form)}
    )
