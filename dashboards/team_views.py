"""The signed-in home ("/") and the "my team" page, which gather several apps.

Team roles land on their team's page; commanders and force-wide roles are sent to their
dashboard; partners get the public priorities of the neighbourhoods they serve. Every query
is narrowed by ``npms.scoping`` (DESIGN.md section 5).
"""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.models import FORCE_WIDE_ROLES, Role
from dashboards.metrics import rag
from dashboards.selectors import abstraction_rate
from engagement.models import Event, PublicContact
from npms.pages import team_or_404
from npms.scoping import (
    can_manage_team,
    can_record_for_team,
    can_see_key_individuals,
    is_police,
    visible_neighbourhoods,
    visible_teams,
)
from priorities.models import Priority, Status
from teams.models import DutyRecord

OPEN_LIMIT = 10
MEETINGS_LIMIT = 5


@login_required
def home(request):
    user = request.user
    if user.role in (Role.SERGEANT, Role.OFFICER) and user.team_id:
        return _team_page(request, team_or_404(user, user.team_id), home=True)
    if user.role == Role.BCU_COMMANDER and user.bcu_id:
        return redirect(f"/dashboards/bcu/{user.bcu_id}/")
    if user.role in FORCE_WIDE_ROLES and user.force_id:
        return redirect(f"/dashboards/force/{user.force_id}/")
    if user.role == Role.PARTNER and user.partner_id:
        return _partner_home(request)
    # A superuser (or an account without a scope): choose a team.
    teams = visible_teams(user).select_related("bcu__force").order_by("bcu__force__name", "name")
    return render(request, "dashboards/team_home_choose.html", {"teams": teams})


@login_required
def team_page(request, team_id: int):
    team = team_or_404(request.user, team_id)
    if not is_police(request.user):
        raise Http404
    return _team_page(request, team, home=False)


def _week(today: dt.date) -> tuple[dt.date, dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def _team_page(request, team, *, home: bool):
    """Today's duty and the week's abstraction, open priorities with their age and review
    status, the next meetings, and the reviews and contacts that are overdue."""
    today = timezone.localdate()
    now = timezone.now()
    monday, sunday = _week(today)
    priorities = (
        Priority.objects.filter(neighbourhood__teams=team, status=Status.OPEN)
        .select_related("neighbourhood")
        .with_review_status(today)
    )
    open_priorities = list(priorities.order_by("date_set", "title")[: OPEN_LIMIT + 1])
    overdue_reviews = list(priorities.filter(review_overdue=True).order_by("review_due")[:20])
    meetings = list(
        Event.objects.filter(neighbourhood__teams=team, start__gte=now)
        .select_related("neighbourhood")
        .order_by("start")[:MEETINGS_LIMIT]
    )
    overdue_contacts = list(
        PublicContact.objects.filter(neighbourhood__teams=team)
        .select_related("neighbourhood")
        .with_response_status(now)
        .filter(overdue=True)
        .order_by("deadline")[:20]
    )
    today_duty = list(
        DutyRecord.objects.filter(team=team, date=today)
        .select_related("member")
        .order_by("member__name", "id")
    )
    week = abstraction_rate(start=monday, end=sunday, team_id=team.pk)
    return render(
        request,
        "dashboards/team_home.html",
        {
            "team": team,
            "home": home,
            "today": today,
            "monday": monday,
            "sunday": sunday,
            "open_priorities": open_priorities[:OPEN_LIMIT],
            "more_priorities": len(open_priorities) > OPEN_LIMIT,
            "overdue_reviews": overdue_reviews,
            "meetings": meetings,
            "overdue_contacts": overdue_contacts,
            "today_duty": today_duty,
            "week": week,
            "week_rag": rag.abstraction(week),
            "can_manage": can_manage_team(request.user, team),
            "can_record": can_record_for_team(request.user, team),
            "can_see_kin": can_see_key_individuals(request.user, team),
        },
    )


def _partner_home(request):
    priorities = (
        Priority.objects.filter(
            neighbourhood__in=visible_neighbourhoods(request.user),
            public=True,
            status=Status.OPEN,
        )
        .select_related("neighbourhood__force")
        .order_by("neighbourhood__name", "date_set")
    )
    return render(
        request,
        "dashboards/team_home_partner.html",
        {"priorities": priorities, "today": timezone.localdate()},
    )


@login_required
def team_abstraction(request, team_id: int):
    """The team's abstraction figures for ``start..end`` (the week grid loads this with
    htmx), from the dashboards' selector so the number matches every dashboard."""
    team = team_or_404(request.user, team_id)
    if not is_police(request.user):
        raise Http404
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        return HttpResponseBadRequest("start and end must be dates as YYYY-MM-DD.")
    if end < start or (end - start).days > 366:
        return HttpResponseBadRequest("end must be on or after start, within a year.")
    figures = abstraction_rate(start=start, end=end, team_id=team.pk)
    template = (
        "dashboards/team_home_abstraction.html"
        if request.htmx
        else "dashboards/team_home_abstraction_page.html"
    )
    return render(
        request,
        template,
        {
            "team": team,
            "start": start,
            "end": end,
            "figures": figures,
            "rag": rag.abstraction(figures),
        },
    )
