"""The duty-time week grid: members of the team by day, with activity and hours.

Saving a day calls ``teams.services.duty_day_replace`` (all of the day or nothing). The
team's abstraction rate for the week is a fragment from the dashboards app (loaded with htmx),
because ``teams`` is the base app and imports no other (DESIGN.md section 1).
Who may see it: police users who can see the team; who may change a day: the team's
sergeant and force admins (any member), an officer (their own days only).
"""

import datetime as dt

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from npms.access_log import restricted_data_record
from npms.dates import parse_date, query_date
from npms.form_errors import SERVICE_ERRORS, as_validation_error
from npms.scope import Scope

from . import services
from .forms import QUICK_ENTRIES, CopyWeekForm, DutyEntryFormSet, TeamDayForm, WeekPatternForm
from .models import DutyRecord
from .selectors import (
    duty_members_editable,
    duty_members_editable_in_week,
    duty_week_rows,
    members_writable,
    team_permissions,
    teams_visible,
)

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


def _bulk_forms(request, team, members: list, days: list[dt.date], bound=None) -> dict:
    """The bulk-entry forms under the grid for the caller's ``members`` (those whose week it
    may fill); ``bound`` replaces one of them by the form posted with errors."""
    if not members:
        return {}
    manage = team_permissions(Scope.of(request.user), team)["manage"]
    forms = {
        "pattern_form": WeekPatternForm(members=members),
        "copy_form": CopyWeekForm(members=members, whole_team=manage),
    }
    if manage:
        forms["team_day_form"] = TeamDayForm(days=days)
    if bound is not None:
        forms.update(bound)
    return forms


def _grid_context(request, team, monday: dt.date, bound=None) -> dict:
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
    # Those posted this week whose time the caller may record: the same members as
    # duty_members_editable_in_week, read from the rows already loaded (no extra query).
    bulk_members = [row["member"] for row in rows if row["editable"] and row["posted"]]
    sick_counted = team.bcu.force.sickness_is_abstraction
    totals = {
        key: sum((row["week"].get(key) or 0 for row in rows), 0)
        for key in ("worked", "off", "sick", "overtime")
    } | {"sick_counted": sick_counted}
    return {
        **_bulk_forms(request, team, bulk_members, days, bound),
        "team_week": totals,
        "sick_counted": sick_counted,
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
            except SERVICE_ERRORS as error:
                day_errors = _spread_errors(as_validation_error(error), formset, quick)
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


# ---------------------------------------------------------------------------------------------
# Bulk entry (issue 13): a week from a pattern, last week copied, a day for the whole team.
# The caller's members come from teams.selectors (a sergeant: anyone posted to the team that
# week; an officer: themself); anyone else gets a 404 and nothing is saved.


def _week_from_post(request) -> dt.date:
    try:
        return _monday(dt.date.fromisoformat(request.POST.get("week", "")))
    except ValueError:
        raise Http404 from None


def _bulk_done(request, team, monday: dt.date, result, what: str):
    parts = [f"{what}: {len(result.filled)} day{'s' if len(result.filled) != 1 else ''} filled"]
    if result.skipped_filled:
        n = len(result.skipped_filled)
        parts.append(f"{n} day{'s' if n != 1 else ''} skipped because already filled")
    if result.skipped_unposted:
        n = len(result.skipped_unposted)
        parts.append(f"{n} day{'s' if n != 1 else ''} skipped (not posted to the team)")
    flash.success(request, "; ".join(parts) + ".")
    url = reverse("teams:duty_week", args=[team.pk])
    return redirect(f"{url}?week={monday.isoformat()}")


def _bulk_refused(request, team, monday: dt.date, name: str, form):
    context = _grid_context(request, team, monday, bound={name: form})
    context["bulk_errors"] = form
    return render(request, "teams/duty_week.html", context, status=400)


def _apply(form, call):
    """Run ``call`` and put a refusal on the form (under ``day`` as a form-wide error)."""
    try:
        return call()
    except SERVICE_ERRORS as error:
        for key, msgs in as_validation_error(error).message_dict.items():
            for message in msgs:
                form.add_error(key if key in form.fields else None, message)
        return None


@login_required
@require_http_methods(["POST"])
def duty_week_fill(request, team_id: int):
    """Fill one member's week from a named pattern or a custom one."""
    team = _police_team_or_404(request, team_id)
    monday = _week_from_post(request)
    members = list(duty_members_editable_in_week(Scope.of(request.user), team=team, monday=monday))
    if not members:
        raise Http404
    form = WeekPatternForm(request.POST, members=members)
    if form.is_valid():
        member = form.cleaned_data["member"]
        result = _apply(
            form,
            lambda: services.duty_week_fill(
                member=member, team=team, monday=monday, days=form.cleaned_data["days"]
            ),
        )
        if result is not None:
            return _bulk_done(request, team, monday, result, f"{member.name}'s week")
    return _bulk_refused(request, team, monday, "pattern_form", form)


@login_required
@require_http_methods(["POST"])
def duty_week_copy(request, team_id: int):
    """Copy last week for one member, or for everyone (the team's sergeant)."""
    team = _police_team_or_404(request, team_id)
    monday = _week_from_post(request)
    scope = Scope.of(request.user)
    members = list(duty_members_editable_in_week(scope, team=team, monday=monday))
    if not members:
        raise Http404
    form = CopyWeekForm(
        request.POST, members=members, whole_team=team_permissions(scope, team)["manage"]
    )
    if form.is_valid():
        chosen = form.chosen()
        result = _apply(
            form,
            lambda: services.duty_week_copy_previous(members=chosen, team=team, monday=monday),
        )
        if result is not None:
            what = "Everyone's week" if len(chosen) > 1 else f"{chosen[0].name}'s week"
            return _bulk_done(request, team, monday, result, f"{what} copied from last week")
    return _bulk_refused(request, team, monday, "copy_form", form)


@login_required
@require_http_methods(["POST"])
def duty_day_team(request, team_id: int):
    """The same activity and hours for every member posted to the team on one day (the
    team's sergeant and force admins only)."""
    team = _police_team_or_404(request, team_id)
    monday = _week_from_post(request)
    scope = Scope.of(request.user)
    if not team_permissions(scope, team)["manage"]:
        raise Http404
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    form = TeamDayForm(request.POST, days=days)
    if form.is_valid():
        date = form.cleaned_data["date"]
        members = list(duty_members_editable(scope, team=team, date=date))
        result = _apply(
            form,
            lambda: services.duty_day_fill_team(
                members=members,
                team=team,
                date=date,
                activity=form.cleaned_data["activity"],
                hours=form.cleaned_data["hours"],
            ),
        )
        if result is not None:
            return _bulk_done(request, team, monday, result, f"{date:%A} {date.day} {date:%B}")
    return _bulk_refused(request, team, monday, "team_day_form", form)
