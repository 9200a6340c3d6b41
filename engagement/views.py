"""Engagement pages: the team's meetings, public contacts and key individual network.

Logging a meeting together with the priorities it agreed is a priorities page
(``priorities.views.meeting_record``) because priorities build on engagement.
Scope: the team must be visible to the caller (else 404); events, contacts and key
individuals come from the visibility selectors of ``engagement.selectors``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from audit.services import access_log_record
from engagement import services
from engagement.forms import ContactForm, KeyIndividualForm, RespondForm
from engagement.selectors import (
    contacts_visible,
    key_individuals_visible,
    team_events,
)
from npms.form_errors import SERVICE_ERRORS, add_service_errors, error_context
from npms.scope import Scope
from teams.selectors import team_permissions, teams_recordable
from teams.views import team_or_404

LIST_LIMIT = 100


def _can_record(scope: Scope, team) -> bool:
    return team_permissions(scope, team)["record"]


def _log_read(request, object_type: str, count: int, *, object_id: int | None = None) -> None:
    """Log that this page showed restricted data (DESIGN.md 3, "audit"); nothing if none."""
    if count:
        access_log_record(
            request=request,
            action="read",
            object_type=object_type,
            count=count,
            object_id=object_id,
        )


def _kin_team_or_404(request, team_id: int):
    scope = Scope.of(request.user)
    team = team_or_404(request, team_id)
    if not team_permissions(scope, team)["key_individuals"]:
        raise Http404
    return team


@login_required
def meeting_list(request, team_id: int):
    """Upcoming meetings (public ones are what the public page lists) and recent ones."""
    team = team_or_404(request, team_id)
    now = timezone.now()
    events = team_events(Scope.of(request.user), team=team).select_related("neighbourhood")
    upcoming = events.filter(start__gte=now).order_by("start")[:LIST_LIMIT]
    recent = events.filter(start__lt=now).order_by("-start")[:LIST_LIMIT]
    return render(
        request,
        "engagement/meeting_list.html",
        {
            "team": team,
            "upcoming": upcoming,
            "recent": recent,
            "can_record": _can_record(Scope.of(request.user), team),
        },
    )


@login_required
def contact_list(request, team_id: int):
    """The team's public contacts, newest first, with the time left to answer."""
    team = team_or_404(request, team_id)
    scope = Scope.of(request.user)
    if not scope.is_police:
        raise Http404
    now = timezone.now()
    contacts = (
        contacts_visible(scope)
        .filter(neighbourhood__in=team.neighbourhoods.values("pk"))
        .select_related("neighbourhood")
        .with_response_status(now)
    )
    show = request.GET.get("show", "open")
    if show == "open":
        contacts = contacts.filter(responded_at__isnull=True)
    contacts = list(
        contacts.order_by("-overdue", "deadline" if show == "open" else "-received_at")[:LIST_LIMIT]
    )
    _log_read(request, "engagement.publiccontact", len(contacts))
    return render(
        request,
        "engagement/contact_list.html",
        {
            "team": team,
            "contacts": contacts,
            "now": now,
            "show": show,
            "hours": team.bcu.force.contact_response_hours,
            "can_record": _can_record(Scope.of(request.user), team),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request, team_id: int):
    team = team_or_404(request, team_id)
    if not _can_record(Scope.of(request.user), team):
        raise Http404
    form = ContactForm(request.POST or None, neighbourhoods=team.neighbourhoods.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_create(team=team, **form.cleaned_data)
        except SERVICE_ERRORS as error:
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
    scope = Scope.of(request.user)
    contact = get_object_or_404(
        contacts_visible(scope).select_related("neighbourhood__force", "team"), pk=pk
    )
    # The team that answers: the one it was logged for, else one of the caller's teams
    # covering its neighbourhood.
    teams = teams_recordable(scope).select_related("bcu__force")
    if contact.team_id:
        team = teams.filter(pk=contact.team_id).first()
    else:
        team = teams.filter(neighbourhoods=contact.neighbourhood).order_by("pk").first()
    if team is None:
        raise Http404
    form = RespondForm(request.POST or None)
    if request.method == "GET":
        _log_read(request, "engagement.publiccontact", 1, object_id=contact.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_respond(contact=contact, **form.cleaned_data)
        except SERVICE_ERRORS as error:
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
    team = _kin_team_or_404(request, team_id)
    people = list(
        key_individuals_visible(Scope.of(request.user))
        .filter(Q(team=team) | Q(neighbourhood__in=team.neighbourhoods.values("pk")))
        .select_related("neighbourhood")
        .order_by("-active", "name")
    )
    _log_read(request, "engagement.keyindividual", len(people))
    return render(request, "engagement/kin_list.html", {"team": team, "people": people})


@login_required
@require_http_methods(["GET", "POST"])
def kin_create(request, team_id: int):
    team = _kin_team_or_404(request, team_id)
    form = KeyIndividualForm(request.POST or None, neighbourhoods=team.neighbourhoods.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.key_individual_create(team=team, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Added to the key individual network.")
            return redirect("engagement:kin_list", team_id=team.pk)
    return render(
        request, "engagement/kin_form.html", {"team": team, "form": form, **error_context(form)}
    )
