"""The signed-in home ("/") and the "my team" page, which gather several apps.

Team roles land on their team's page; commanders and force-wide roles are sent to their
dashboard; partners get the public priorities of the neighbourhoods they serve. Every query
is narrowed by the owning app's visibility selectors (DESIGN.md section 5).
"""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone

from audit.services import access_log_record_many
from dashboards.metrics import rag
from dashboards.selectors import abstraction_rate
from engagement.selectors import contacts_visible, team_events
from npms.dates import query_date
from npms.scope import Scope
from priorities.models import Status
from priorities.selectors import priorities_visible
from problemsolving.selectors import plans_review_due, plans_visible
from teams.selectors import (
    duty_records_visible,
    team_permissions,
    teams_visible,
)
from teams.views import team_or_404

OPEN_LIMIT = 10
# The lists on the page name each row's neighbourhood only: its boundary (thousands of points
# for a real ward), centre and texts are not read from the database (issue 15).
NEIGHBOURHOOD_UNUSED = tuple(
    f"neighbourhood__{name}"
    for name in ("boundary", "centre", "description", "welcome_message", "links", "locations")
)
OPEN_FETCH_LIMIT = 200
OVERDUE_LIMIT = 20
MEETINGS_LIMIT = 5


@login_required
def home(request):
    scope = Scope.of(request.user)
    if scope.in_team and scope.team_id:
        return _team_page(request, team_or_404(request, scope.team_id), home=True)
    if scope.is_bcu_commander and scope.bcu_id:
        return redirect(f"/dashboards/bcu/{scope.bcu_id}/")
    if scope.force_wide and scope.force_id:
        return redirect(f"/dashboards/force/{scope.force_id}/")
    if scope.is_partner and scope.partner_id:
        return _partner_home(request)
    # A superuser (or an account without a scope): choose a team.
    teams = teams_visible(scope).select_related("bcu__force").order_by("bcu__force__name", "name")
    return render(request, "dashboards/team_home_choose.html", {"teams": teams})


@login_required
def team_page(request, team_id: int):
    team = team_or_404(request, team_id)
    if not Scope.of(request.user).is_police:
        raise Http404
    return _team_page(request, team, home=False)


def _week(today: dt.date) -> tuple[dt.date, dt.date]:
    monday = today - dt.timedelta(days=today.weekday())
    return monday, monday + dt.timedelta(days=6)


def _team_page(request, team, *, home: bool):
    """Today's duty and the week's abstraction, open priorities with their age and review
    status, the next meetings, and the reviews and contacts that are overdue."""
    scope = Scope.of(request.user)
    today = timezone.localdate()
    now = timezone.now()
    monday, sunday = _week(today)
    neighbourhood_ids = team.neighbourhoods.values("pk")
    allowed = team_permissions(scope, team)
    priorities = (
        priorities_visible(scope)
        .filter(neighbourhood__in=neighbourhood_ids, status=Status.OPEN)
        .select_related("neighbourhood")
        .defer(*NEIGHBOURHOOD_UNUSED)
        .with_review_status(today)
    )
    # Both lists are cut from one query of the team's open priorities (tens at most; issue 15:
    # the compiled review-status query was the page's dearest); a team with more than
    # OPEN_FETCH_LIMIT gets a second query for its overdue reviews.
    open_all = list(priorities.order_by("date_set", "title")[: OPEN_FETCH_LIMIT + 1])
    open_priorities = open_all[: OPEN_LIMIT + 1]
    if len(open_all) <= OPEN_FETCH_LIMIT:
        overdue_reviews = sorted(
            (p for p in open_all if p.review_overdue), key=lambda p: p.review_due
        )[:OVERDUE_LIMIT]
    else:
        overdue_reviews = list(
            priorities.filter(review_overdue=True).order_by("review_due")[:OVERDUE_LIMIT]
        )
    plans_due = list(
        plans_review_due(
            plans_visible(scope).filter(neighbourhood__in=neighbourhood_ids), as_of=today
        ).only("id", "title", "next_review_on")[:20]  # not the SARA texts, nor the search document
    )
    meetings = list(
        team_events(scope, team=team)
        .filter(start__gte=now)
        .select_related("neighbourhood")
        .defer(*NEIGHBOURHOOD_UNUSED)
        .order_by("start")[:MEETINGS_LIMIT]
    )
    overdue_contacts = list(
        contacts_visible(scope)
        .filter(neighbourhood__in=neighbourhood_ids)
        .with_response_status(now)
        .filter(overdue=True)
        .order_by("deadline")[:20]
    )
    today_duty = list(
        duty_records_visible(scope)
        .filter(team=team, date=today)
        .select_related("member")
        .order_by("member__name", "id")
    )
    # Today's duty (with notes) and the overdue contacts are restricted data: log the read
    # (DESIGN.md 3, "audit"), both rows in one INSERT.
    access_log_record_many(
        request=request,
        action="read",
        shown={
            "teams.dutyrecord": len(today_duty),
            "engagement.publiccontact": len(overdue_contacts),
        },
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
            "plans_due": plans_due,
            "meetings": meetings,
            "overdue_contacts": overdue_contacts,
            "today_duty": today_duty,
            "week": week,
            "week_rag": rag.abstraction(week),
            "can_manage": allowed["manage"],
            "can_record": allowed["record"],
            "can_see_kin": allowed["key_individuals"],
        },
    )


def _partner_home(request):
    priorities = (
        priorities_visible(Scope.of(request.user))
        .filter(public=True, status=Status.OPEN)
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
    team = team_or_404(request, team_id)
    if not Scope.of(request.user).is_police:
        raise Http404
    # A malformed or out-of-range date is a 400 naming the parameter (npms.dates).
    start = query_date(request, "start")
    end = query_date(request, "end")
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
