"""Priority pages: log a meeting with the priorities it agreed; list, create, detail with
reviews, edit, history, review, close, reopen.

Pages translate HTTP to the services in ``priorities.services``; a service's ValidationError is
shown beside the field it names and a StaleEdit (someone else saved first) keeps what was
typed. Scope: a user sees the priorities of ``priorities_visible`` (partners: public ones
only) and may change those of ``priorities_manageable``; anything else is 404. The meeting
page lives here because it lists the priorities the meeting set (priorities build on
engagement, DESIGN.md section 1).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from engagement.selectors import events_visible
from npms.exceptions import StaleEdit
from npms.form_errors import (
    SERVICE_ERRORS,
    add_indexed_errors,
    add_service_errors,
    as_validation_error,
    error_context,
)
from npms.history import history_changes
from npms.scope import Scope
from priorities import services
from priorities.forms import (
    CloseForm,
    ExistingPriorityForm,
    MeetingForm,
    NewPriorityFormSet,
    PriorityCreateForm,
    PriorityEditForm,
    PriorityListForm,
    ReviewForm,
    VersionForm,
)
from priorities.models import Priority, PriorityReview, Status
from priorities.selectors import (
    meeting_priorities,
    meeting_reviews,
    priorities_manageable,
    priorities_past_review,
    priorities_visible,
    priority_reviews_visible,
)
from teams.selectors import (
    bcus_visible,
    forces_visible,
    neighbourhoods_visible,
    team_permissions,
    teams_visible,
)
from teams.views import team_or_404

LIST_LIMIT = 200


def _priority_or_404(request, pk: int) -> Priority:
    priorities = priorities_visible(Scope.of(request.user))
    return get_object_or_404(priorities.select_related("neighbourhood__force", "raised_at"), pk=pk)


def _can_manage(request, priority: Priority) -> bool:
    return priorities_manageable(Scope.of(request.user)).filter(pk=priority.pk).exists()


def _manageable_or_404(request, pk: int) -> Priority:
    priority = _priority_or_404(request, pk)
    if not _can_manage(request, priority):
        # Read-only users and officers: the page to change it does not exist for them.
        raise Http404
    return priority


def _manages_team(request, team) -> bool:
    return team_permissions(Scope.of(request.user), team)["manage"]


PAGE_SIZE = 50


@login_required
def priority_search(request):
    """``/priorities/``: the priorities the caller may see, filtered by neighbourhood, team,
    BCU or force, status, and ``review=overdue`` (open on ``as_of``, default today, with the
    formal review overdue then: ``priorities_past_review``, the dashboards' own count), 50 a
    page, oldest first. A bad filter is shown beside its field and lists nothing."""
    scope = Scope.of(request.user)
    form = PriorityListForm(
        request.GET or None,
        neighbourhoods=neighbourhoods_visible(scope).order_by("name"),
        teams=teams_visible(scope).order_by("name"),
        bcus=bcus_visible(scope).order_by("name"),
        forces=forces_visible(scope),
    )
    today = timezone.localdate()
    priorities = priorities_visible(scope).select_related("neighbourhood")
    as_of, review, status = today, "", Status.OPEN
    if form.is_bound and not form.is_valid():
        priorities = priorities.none()
    elif form.is_bound:
        data = form.cleaned_data
        status = data["status"] or Status.OPEN
        where = {
            "neighbourhood": "neighbourhood",
            "team": "neighbourhood__teams",
            "bcu": "neighbourhood__bcu",
            "force": "neighbourhood__force",
        }
        for field, path in where.items():
            if data[field]:
                priorities = priorities.filter(**{path: data[field]})
        as_of, review = data["as_of"] or today, data["review"]
    if review == "overdue":
        priorities = priorities_past_review(priorities, as_of=as_of)
    else:
        if status != "all":
            priorities = priorities.filter(status=status)
        priorities = priorities.with_review_status(as_of)
    priorities = priorities.order_by("date_set", "title", "pk")
    page = Paginator(priorities, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "priorities/priority_search.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "as_of": as_of,
            "review": review,
            "status": status,
            "query": query.urlencode(),
        },
    )


@login_required
def priority_list(request, team_id: int):
    """The team's priorities (open first), with age and review status."""
    team = team_or_404(request, team_id)
    status = request.GET.get("status", Status.OPEN)
    if status not in (Status.OPEN, Status.CLOSED, "all"):
        status = Status.OPEN
    today = timezone.localdate()
    qs = (
        priorities_visible(Scope.of(request.user))
        .filter(neighbourhood__in=team.neighbourhoods.values("pk"))
        .select_related("neighbourhood")
    )
    if status != "all":
        qs = qs.filter(status=status)
    qs = qs.with_review_status(today).order_by("date_set", "title")[:LIST_LIMIT]
    return render(
        request,
        "priorities/priority_list.html",
        {
            "team": team,
            "priorities": qs,
            "status": status,
            "today": today,
            "can_manage": _manages_team(request, team),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def priority_create(request, team_id: int):
    team = team_or_404(request, team_id)
    if not _manages_team(request, team):
        raise Http404
    neighbourhoods = team.neighbourhoods.all()
    form = PriorityCreateForm(request.POST or None, neighbourhoods=neighbourhoods)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            priority = services.priority_create(
                neighbourhood=data["neighbourhood"],
                title=data["title"],
                description=data["description"],
                where=data["where"],
                when=data["when"],
                who=data["who"],
                category=data["category"],
                source=data["source"],
                set_by=data["set_by"],
                date_set=data["date_set"],
                location=data["location"],
                public=data["public"],
                author=request.user,
            )
        except SERVICE_ERRORS as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Priority “{priority.title}” created.")
            return redirect("priorities:detail", pk=priority.pk)
    return render(
        request,
        "priorities/priority_form.html",
        {"team": team, "form": form, **error_context(form)},
    )


@login_required
def priority_detail(request, pk: int):
    priority = _priority_or_404(request, pk)
    scope = Scope.of(request.user)
    reviews = priority_reviews_visible(scope, priority=priority)
    reviews = reviews.select_related("author").order_by("-date", "-id")
    annotated = Priority.objects.with_review_status(timezone.localdate()).get(pk=priority.pk)
    can_manage = _can_manage(request, priority)
    return render(
        request,
        "priorities/priority_detail.html",
        {
            "priority": priority,
            "status": annotated,
            "reviews": reviews,
            "can_manage": can_manage,
            "review_form": ReviewForm() if can_manage else None,
            "today": timezone.localdate(),
        },
    )


@login_required
def priority_history(request, pk: int):
    """Every change to the priority and its reviews (django-simple-history)."""
    priority = _priority_or_404(request, pk)
    if not Scope.of(request.user).is_police:
        raise Http404
    records = list(priority.history.select_related("history_user").order_by("history_date"))
    # Field names and values in words ("Public sign-off: No → Yes"), as in the admin.
    changes = history_changes(records)
    review_history = (
        PriorityReview.history.filter(priority_id=priority.pk)
        .select_related("history_user")
        .order_by("history_date")
    )
    return render(
        request,
        "priorities/priority_history.html",
        {"priority": priority, "changes": reversed(changes), "review_history": review_history},
    )


def _stale(form, error: StaleEdit, priority: Priority):
    """Keep what was typed, say what happened, and carry the current version so a second
    save is a deliberate choice made after seeing the other person's change."""
    form.add_error(None, str(error))
    data = form.data.copy()
    data["version"] = str(priority.version)
    form.data = data


@login_required
@require_http_methods(["GET", "POST"])
def priority_edit(request, pk: int):
    priority = _manageable_or_404(request, pk)
    initial = {
        name: getattr(priority, name)
        for name in ("title", "where", "when", "who", "description", "category", "public")
    }
    initial["version"] = priority.version
    form = PriorityEditForm(request.POST or None, initial=initial)
    current = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.priority_update(
                priority=priority, version=version, author=request.user, **data
            )
        except StaleEdit as error:
            priority.refresh_from_db()
            current = priority
            _stale(form, error, priority)
        except SERVICE_ERRORS as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Priority saved.")
            return redirect("priorities:detail", pk=priority.pk)
    return render(
        request,
        "priorities/priority_edit.html",
        {"priority": priority, "form": form, "current": current, **error_context(form)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_add(request, pk: int):
    priority = _manageable_or_404(request, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.priority_review_add(
                priority=priority, author=request.user, **form.cleaned_data
            )
        except SERVICE_ERRORS as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Added to the priority’s history.")
            return redirect("priorities:detail", pk=priority.pk)
    return render(
        request,
        "priorities/review_form.html",
        {"priority": priority, "form": form, **error_context(form)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def priority_close(request, pk: int):
    priority = _manageable_or_404(request, pk)
    if priority.status == Status.CLOSED:
        # A closed priority offers no close form (issue 13); reopen it from its page first.
        messages.info(request, f"Priority “{priority.title}” is already closed.")
        return redirect("priorities:detail", pk=priority.pk)
    form = CloseForm(request.POST or None, initial={"version": priority.version})
    current = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.priority_close(
                priority=priority,
                version=data["version"],
                closed_on=data["closed_on"],
                outcome=data["outcome"],
                public_signoff=data["public_signoff"],
                withdrawn_reason=data["withdrawn_reason"],
                feedback=data["feedback"],
                author=request.user,
            )
        except StaleEdit as error:
            priority.refresh_from_db()
            current = priority
            _stale(form, error, priority)
        except SERVICE_ERRORS as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Priority “{priority.title}” closed.")
            return redirect("priorities:detail", pk=priority.pk)
    return render(
        request,
        "priorities/priority_close.html",
        {"priority": priority, "form": form, "current": current, **error_context(form)},
    )


@login_required
@require_http_methods(["POST"])
def priority_reopen(request, pk: int):
    priority = _manageable_or_404(request, pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The page was out of date; nothing was changed.")
        return redirect("priorities:detail", pk=priority.pk)
    try:
        services.priority_reopen(
            priority=priority, version=form.cleaned_data["version"], author=request.user
        )
    except (StaleEdit, *SERVICE_ERRORS) as error:
        text = (
            str(error)
            if isinstance(error, StaleEdit)
            else " ".join(as_validation_error(error).messages)
        )
        messages.error(request, text)
    else:
        messages.success(request, f"Priority “{priority.title}” reopened.")
    return redirect("priorities:detail", pk=priority.pk)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_record(request, team_id: int):
    """Log a meeting and, in the same form, the priorities it agreed and the open priorities
    it reviewed; one call to ``services.meeting_record`` saves all of it or nothing."""
    team = team_or_404(request, team_id)
    if not team_permissions(Scope.of(request.user), team)["record"]:
        raise Http404
    # Officers log meetings; setting and reviewing priorities is the sergeant's (DESIGN.md 5).
    sets_priorities = _manages_team(request, team)
    data = request.POST or None
    form = MeetingForm(
        data,
        neighbourhoods=team.neighbourhoods.all(),
        initial={"start": timezone.localtime().replace(second=0, microsecond=0)},
    )
    formset = NewPriorityFormSet(data, prefix="new") if sets_priorities else None
    open_priorities = []
    if sets_priorities:
        open_priorities = list(
            priorities_manageable(Scope.of(request.user))
            .filter(neighbourhood__in=team.neighbourhoods.values("pk"), status=Status.OPEN)
            .select_related("neighbourhood")
            .order_by("neighbourhood__name", "date_set")
        )
    review_forms = [
        (p, ExistingPriorityForm(data, prefix=f"review-{p.pk}", priority=p))
        for p in open_priorities
    ]
    if request.method == "POST":
        # Every form is checked, then the service checks the rows that passed (inside a
        # savepoint rolled back when anything failed), so the sergeant sees every problem in
        # one round (issue 13).
        item_forms = [*(formset.forms if formset else []), *(f for _p, f in review_forms)]
        forms_valid = all([form.is_valid(), *(f.is_valid() for f in item_forms)])
        if formset is not None:
            forms_valid = formset.is_valid() and forms_valid
        if form.is_valid():
            new_forms = [
                f for f in (formset.forms if formset else []) if f.has_changed() and not f.errors
            ]
            reviewed = [
                (p, f) for p, f in review_forms if not f.errors and f.cleaned_data.get("reviewed")
            ]
            event_fields = {"force": team.bcu.force, "team": team, **form.cleaned_data}
            try:
                with transaction.atomic():
                    event, _created = services.meeting_record(
                        event_fields=event_fields,
                        new_priorities=[dict(f.cleaned_data) for f in new_forms],
                        reviews=[{"priority": p, **_review_fields(f)} for p, f in reviewed],
                        author=request.user,
                    )
                    if not forms_valid:
                        transaction.set_rollback(True)
            except SERVICE_ERRORS as error:
                add_indexed_errors(
                    error,
                    {"new_priorities": new_forms, "reviews": [f for _p, f in reviewed]},
                    form,
                )
            else:
                if forms_valid:
                    messages.success(request, f"Meeting “{event.title}” logged.")
                    return redirect("priorities:meeting_detail", pk=event.pk)
    return render(
        request,
        "priorities/meeting_form.html",
        {
            "team": team,
            "form": form,
            "formset": formset,
            "review_forms": review_forms,
            **error_context(form, formset, *[f for _p, f in review_forms]),
        },
    )


def _review_fields(form) -> dict:
    data = form.cleaned_data
    return {"kind": data["kind"], "text": data["text"], "public": data["public"]}


@login_required
def meeting_detail(request, pk: int):
    """A meeting (or other event) and the priorities it set, as far as the caller may see."""
    scope = Scope.of(request.user)
    event = get_object_or_404(events_visible(scope).select_related("neighbourhood", "team"), pk=pk)
    return render(
        request,
        "priorities/meeting_detail.html",
        {
            "event": event,
            "police": scope.is_police,
            "priorities": meeting_priorities(scope, event=event).order_by("title"),
            "reviews": meeting_reviews(scope, event=event),
        },
    )
