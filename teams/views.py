"""The duty-time week grid: members of the team by day, with activity and hours.

Saving a day calls ``teams.services.duty_day_replace`` (all of the day or nothing). The
team's abstraction rate for the week is a fragment from the dashboards app (loaded with htmx),
because ``teams`` is the base app and imports no other (DESIGN.md section 1).
Who may see it: police users who can see the team; who may change a day: the team's
sergeant and force admins (any member), an officer (their own days only).
"""

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from npms.access_log import restricted_data_record
from npms.dates import parse_date, query_date
from npms.scope import Scope

from . import services
from .forms import QUICK_ENTRIES, DutyEntryFormSet
from .models import DutyRecord
from .selectors import duty_members_editable, duty_week_rows, members_writable, teams_visible

BLANK_ROWS = 3


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _week_of(request) -> dt.date:
    """The Monday of ``?week=`` (any day of it; this week when absent). A malformed or
    out-of-range date is a 400 naming ``week`` (npms.dates.query_date)."""
    return _monday(query_date(request, "week", default=timezone.localdate()))


def team_or_404(request, team_id: int):
    """The team if the caller may see it, else 404 (ids do not leak). Used by every app's
    team pages."""
    teams = teams_visible(Scope.of(request.user)).select_related("bcu__force")
    return get_object_or_404(teams, pk=team_id)


def _police_team_or_404(request, team_id: int):
    if not Scope.of(request.user).is_police:
        raise Http404
    return team_or_404(request, team_id)


def _grid_context(request, team, monday: dt.date) -> dict:
    sunday = monday + dt.timedelta(days=6)
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    rows = duty_week_rows(team=team, monday=monday)
    writable = set(members_writable(Scope.of(request.user)).values_list("pk", flat=True))
    shown = 0
    for row in rows:
        row["editable"] = row["member"].pk in writable
        shown += sum(len(cell["records"]) for cell in row["cells"])
    # The grid shows duty records and their notes: log the read (DESIGN.md 3, "audit"),
    # through npms' signal because teams sits below the audit app.
    restricted_data_record(request=request, object_type="teams.dutyrecord", count=shown)
    return {
        "team": team,
        "monday": monday,
        "sunday": sunday,
        "days": days,
        "rows": rows,
        "previous_week": monday - dt.timedelta(days=7),
        "next_week": monday + dt.timedelta(days=7),
        "today": timezone.localdate(),
        "quick_entries": [(key, label) for key, (label, _entries) in QUICK_ENTRIES.items()],
    }


@login_required
def duty_week(request, team_id: int):
    team = _police_team_or_404(request, team_id)
    return render(request, "teams/duty_week.html", _grid_context(request, team, _week_of(request)))


@login_required
def duty_week_mine(request):
    """The signed-in team member's own team grid."""
    scope = Scope.of(request.user)
    if not (scope.in_team and scope.team_id):
        raise Http404
    return redirect("teams:duty_week", team_id=scope.team_id)


def _entry_forms(formset):
    return [f for f in formset.forms if not f.is_blank]


@login_required
@require_http_methods(["GET", "POST"])
def duty_day(request, team_id: int, member_id: int, day: str):
    """Edit one member's day (split shifts, paid overtime) or apply a quick entry."""
    team = _police_team_or_404(request, team_id)
    try:
        date = parse_date(day, field="day")
    except ValidationError:
        raise Http404 from None  # a day outside the grid's range has no page
    # Only a member posted to this team on that day, whose time the caller may record: any
    # other id is a 404 that shows nothing of them and saves nothing (issue 8).
    editable = duty_members_editable(Scope.of(request.user), team=team, date=date)
    member = get_object_or_404(editable, pk=member_id)
    existing = DutyRecord.objects.filter(member=member, team=team, date=date).order_by("id")
    initial = [
        {
            "activity": r.activity,
            "hours": r.hours,
            "paid_overtime": r.paid_overtime,
            "note": r.note,
        }
        for r in existing
    ] + [{} for _ in range(BLANK_ROWS)]
    formset = DutyEntryFormSet(request.POST or None, initial=initial, prefix="entry")
    day_errors: list[str] = []
    if request.method == "POST":
        quick = request.POST.get("quick")
        entries = None
        if quick in QUICK_ENTRIES:
            entries = QUICK_ENTRIES[quick][1]
            formset = DutyEntryFormSet(initial=initial, prefix="entry")
        elif formset.is_valid():
            entries = [
                {
                    "activity": f.cleaned_data["activity"],
                    "hours": f.cleaned_data["hours"],
                    "paid_overtime": f.cleaned_data["paid_overtime"],
                    "note": f.cleaned_data["note"],
                }
                for f in _entry_forms(formset)
            ]
        if entries is not None:
            try:
                services.duty_day_replace(member=member, team=team, date=date, entries=entries)
            except ValidationError as error:
                day_errors = _spread_errors(error, formset, quick)
            else:
                url = reverse("teams:duty_week", args=[team.pk])
                return redirect(f"{url}?week={_monday(date).isoformat()}#member-{member.pk}")
    context = _grid_context(request, team, _monday(date))
    context.update(
        {
            "editor": {"member": member, "date": date, "formset": formset, "errors": day_errors},
            "has_errors": bool(day_errors) or any(f.errors for f in formset.forms),
        }
    )
    return render(request, "teams/duty_week.html", context)


def _spread_errors(error: ValidationError, formset, quick) -> list[str]:
    """Put ``entries[i].field`` errors beside the i-th filled row; return the rest."""
    rows = [] if quick else _entry_forms(formset)
    loose = []
    for key, messages in error.message_dict.items():
        if key.startswith("entries[") and "]." in key and rows:
            index = int(key[len("entries[") : key.index("]")])
            field = key[key.index("].") + 2 :]
            if index < len(rows) and field in rows[index].fields:
                for message in messages:
                    rows[index].add_error(field, message)
                continue
        loose.extend(messages)
    return loose
