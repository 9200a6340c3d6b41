"""Problem-solving pages: the force-wide library ``/plans/``, the SARA plan editor
``/plans/<id>/`` with its quality checklist, starting a plan, and the printable plan.

Pages translate HTTP to ``problemsolving.services``; a service's ValidationError is shown
beside the field it names (a stage refusal naming ``scan`` beside the scan, ``actions`` beside
the actions, ``priority`` beside the priority) and a StaleEdit keeps what was typed. Scope
(DESIGN.md section 5): read = ``plans_visible`` (else 404); change = ``plans_manageable``;
actions and reviews = ``plans_contributable``; tick done = ``plan_actions_completable``; a
form the caller may not use is not shown and its POST gets 403.

``priority_plans`` is the list of a priority's plans shown on the priority page (loaded with
htmx, so the priorities app, which sits below this one, never reads plans itself, DESIGN.md
section 1). Every plan comes through ``plans_visible``: a partner never sees the title of a
plan it is not part of.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import users_nameable
from npms.exceptions import StaleEdit
from npms.form_errors import SERVICE_ERRORS, add_service_errors, as_validation_error, error_context
from npms.scope import Scope
from priorities.selectors import priorities_manageable, priorities_visible
from problemsolving import services
from problemsolving.forms import (
    ActionForm,
    DoneForm,
    LibraryForm,
    OwnerChoices,
    PlanForm,
    PlanStartForm,
    ReviewForm,
    StageForm,
)
from problemsolving.models import Action, Plan, Stage
from problemsolving.selectors import (
    MARK_START,
    MARK_STOP,
    plan_actions_completable,
    plan_quality,
    plan_review_overdue_on,
    plans_contributable,
    plans_manageable,
    plans_search,
    plans_search_headlines,
    plans_visible,
    plans_with_quality,
)
from teams.selectors import (
    bcus_visible,
    forces_visible,
    neighbourhoods_manageable,
    neighbourhoods_visible,
    partners_visible,
    teams_visible,
)

PAGE_SIZE = 20


@login_required
def priority_plans(request, priority_id: int):
    """The caller's visible plans serving one priority (an empty list for an unknown or
    invisible priority: it shows nothing either way), with "Start a plan" for those who
    manage the priority."""
    scope = Scope.of(request.user)
    plans = plans_visible(scope).filter(priority_id=priority_id).order_by("-opened_on", "-id")
    can_start = priorities_manageable(scope).filter(pk=priority_id, status="open").exists()
    return render(
        request,
        "problemsolving/_priority_plans.html",
        {"plans": plans, "priority_id": priority_id, "can_start": can_start},
    )


# ---------------------------------------------------------------------------------------------
# The library


def _highlight(text: str) -> str:
    """Escape the headline, then turn PostgreSQL's markers into <mark>."""
    return mark_safe(escape(text or "").replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


@login_required
def plan_library(request):
    """Every plan the caller may read (police: the force's whole library), searched with
    PostgreSQL full-text search (best match first, matched words highlighted) and filtered by
    stage, outcome, action type, problem category, neighbourhood, team, BCU or force, and
    ``review=overdue`` (open and past ``next_review_on`` on ``as_of``, default today: the
    dashboards' "Plans past review" cells link here); 20 a page."""
    scope = Scope.of(request.user)
    form = LibraryForm(
        request.GET or None,
        neighbourhoods=_library_neighbourhoods(scope),
        teams=teams_visible(scope).order_by("name"),
        bcus=bcus_visible(scope).order_by("name"),
        forces=forces_visible(scope),
    )
    plans = plans_visible(scope).select_related("neighbourhood", "priority")
    words = ""
    review_on = None
    if form.is_bound and not form.is_valid():
        plans = plans.none()  # a bad filter lists nothing; the form says which
    if form.is_valid():
        data = form.cleaned_data
        if data["stage"]:
            plans = plans.filter(stage=data["stage"])
        if data["outcome"]:
            plans = plans.filter(outcome=data["outcome"])
        if data["category"]:
            plans = plans.filter(
                Exists(Action.objects.filter(plan=OuterRef("pk"), category=data["category"]))
            )
        if data["problem"]:
            plans = plans.filter(priority__category=data["problem"])
        if data["neighbourhood"]:
            plans = plans.filter(neighbourhood=data["neighbourhood"])
        if data["team"]:
            plans = plans.filter(neighbourhood__teams=data["team"])
        if data["bcu"]:
            plans = plans.filter(neighbourhood__bcu=data["bcu"])
        if data["force"]:
            plans = plans.filter(neighbourhood__force=data["force"])
        if data["review"] == "overdue":
            # The dashboards' "Plans past review", on the day of their figure.
            review_on = data["as_of"] or timezone.localdate()
            plans = plans.filter(plan_review_overdue_on(review_on))
        words = data["q"].strip()
    if words:
        plans = plans_search_headlines(plans_search(plans, words), words)
    else:
        plans = plans.order_by("-opened_on", "-id")
    plans = plans_with_quality(plans)
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = []
    for plan in page.object_list:
        rows.append(
            {
                "plan": plan,
                "title": _highlight(plan.title_headline) if words else plan.title,
                "excerpt": _highlight(plan.text_headline) if words else "",
            }
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "problemsolving/plan_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "words": words,
            "review_on": review_on,
            "query": query.urlencode(),
            "can_start": neighbourhoods_manageable(scope).exists(),
        },
    )


def _library_neighbourhoods(scope: Scope):
    return neighbourhoods_visible(scope).order_by("name")


# ---------------------------------------------------------------------------------------------
# Starting a plan


@login_required
@require_http_methods(["GET", "POST"])
def plan_start(request):
    """Open a plan for a priority (``?priority=ID``, one the caller manages) or for a
    BCU-tasked problem in a neighbourhood the caller manages."""
    scope = Scope.of(request.user)
    neighbourhoods = neighbourhoods_manageable(scope).order_by("name")
    priority = None
    priority_id = request.GET.get("priority") or request.POST.get("priority")
    if priority_id:
        try:
            priority = get_object_or_404(
                priorities_manageable(scope).filter(status="open"), pk=int(priority_id)
            )
        except ValueError as error:
            raise Http404 from error
        neighbourhoods = neighbourhoods.filter(pk=priority.neighbourhood_id)
    elif not neighbourhoods.exists():
        raise Http404
    initial = {"title": priority.title, "scan": priority.description} if priority else {}
    if priority:
        initial["neighbourhood"] = priority.neighbourhood_id
    form = PlanStartForm(request.POST or None, neighbourhoods=neighbourhoods, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_create(
                neighbourhood=data["neighbourhood"],
                title=data["title"],
                opened_on=data["opened_on"],
                scan=data["scan"],
                priority=priority,
                owner=request.user,
                author=request.user,
            )
        except SERVICE_ERRORS as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Plan “{plan.title}” started.")
            return redirect("problemsolving:detail", pk=plan.pk)
    return render(
        request,
        "problemsolving/plan_start.html",
        {"form": form, "priority": priority, **error_context(form)},
    )


# ---------------------------------------------------------------------------------------------
# The editor


def _plan_or_404(request, pk: int) -> Plan:
    plans = plans_visible(Scope.of(request.user)).select_related(
        "neighbourhood__force", "neighbourhood__bcu", "priority", "owner", "owner_partner"
    )
    return get_object_or_404(plans, pk=pk)


def _rights(request, plan: Plan) -> dict:
    scope = Scope.of(request.user)
    return {
        "manage": plans_manageable(scope).filter(pk=plan.pk).exists(),
        "contribute": plans_contributable(scope).filter(pk=plan.pk).exists(),
    }


def _choices(request, plan: Plan, *keep_users, keep_partners=()):
    scope = Scope.of(request.user)
    users = OwnerChoices.users(users_nameable(scope), plan.neighbourhood, keep=keep_users)
    partners = OwnerChoices.partners(
        partners_visible(scope).filter(force_id=plan.neighbourhood.force_id),
        plan.neighbourhood,
        keep=keep_partners,
    )
    return users, partners


def _plan_form(request, plan: Plan, data=None) -> PlanForm:
    users, partners = _choices(
        request,
        plan,
        plan.owner_id,
        keep_partners=[plan.owner_partner_id, *plan.partners.values_list("pk", flat=True)],
    )
    return PlanForm(data, initial=PlanForm.initial_for(plan), users=users, partners=partners)


def _action_form(request, plan: Plan, data=None) -> ActionForm:
    users, partners = _choices(request, plan)
    if Scope.of(request.user).is_partner:
        # A partner names its own organisation (or its own users) as the owner.
        users = users_nameable(Scope.of(request.user))
        partners = partners_visible(Scope.of(request.user))
    return ActionForm(data, users=users, partners=partners, prefix="action")


def _actions(request, plan: Plan) -> list[dict]:
    completable = set(
        plan_actions_completable(Scope.of(request.user), plan=plan).values_list("pk", flat=True)
    )
    actions = plan.actions.select_related("owner", "owner_partner").order_by(
        "category", "due_on", "id"
    )
    return [{"action": a, "can_complete": a.pk in completable} for a in actions]


def _editor(request, plan: Plan, status: int = 200, **forms) -> object:
    """Render the editor with the forms given (bound ones keep what was typed)."""
    rights = _rights(request, plan)
    context = {
        "plan": plan,
        "shown_priority": _shown_priority(request, plan),
        "rights": rights,
        "quality": plan_quality(plan),
        "actions": _actions(request, plan),
        "reviews": plan.reviews.select_related("reviewer").order_by("-date", "-id"),
        "today": timezone.localdate(),
        "stage_errors": forms.pop("stage_errors", {}),
        "current": forms.pop("current", None),
    }
    if rights["manage"]:
        context["plan_form"] = forms.get("plan_form") or _plan_form(request, plan)
        context["stage_form"] = forms.get("stage_form") or StageForm(
            initial={"version": plan.version, "stage": _next_stage(plan)}, prefix="stage"
        )
    if rights["contribute"] and plan.stage != Stage.CLOSED:
        context["action_form"] = forms.get("action_form") or _action_form(request, plan)
    if rights["contribute"]:
        context["review_form"] = forms.get("review_form") or ReviewForm(prefix="review")
    editing = [context.get(k) for k in ("plan_form", "stage_form", "action_form", "review_form")]
    context.update(error_context(*[f for f in editing if f is not None and f.is_bound]))
    if context["stage_errors"]:
        context["has_errors"] = True
        context["extra_errors"] = [*context["extra_errors"], *context["stage_errors"].values()]
    return render(request, "problemsolving/plan_detail.html", context, status=status)


def _shown_priority(request, plan: Plan):
    """The plan's priority if the caller may see it (a partner: public priorities only)."""
    if plan.priority_id and (
        priorities_visible(Scope.of(request.user)).filter(pk=plan.priority_id).exists()
    ):
        return plan.priority
    return None


def _next_stage(plan: Plan) -> str:
    order = services.STAGE_ORDER
    index = order.index(plan.stage)
    return order[min(index + 1, len(order) - 1)]


@login_required
def plan_detail(request, pk: int):
    """The SARA plan editor: the plan, its quality checklist, actions and reviews, and the
    forms the caller may use."""
    return _editor(request, _plan_or_404(request, pk))


def _stale(form, error: StaleEdit, plan: Plan) -> None:
    """Keep what was typed, say what happened, and carry the current version so a second
    save is a deliberate choice made after seeing the other person's change."""
    form.add_error(None, str(error))
    data = form.data.copy()
    data[form.add_prefix("version")] = str(plan.version)
    form.data = data


@login_required
@require_POST
def plan_edit(request, pk: int):
    """Save the plan's content (``plans_manageable``; else 403)."""
    plan = _plan_or_404(request, pk)
    if not _rights(request, plan)["manage"]:
        raise PermissionDenied
    form = _plan_form(request, plan, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.plan_update(plan=plan, version=version, author=request.user, **data)
        except StaleEdit as error:
            plan.refresh_from_db()
            _stale(form, error, plan)
            return _editor(request, plan, status=409, plan_form=form, current=plan)
        except SERVICE_ERRORS as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Plan saved.")
            return redirect("problemsolving:detail", pk=plan.pk)
    return _editor(request, plan, status=400, plan_form=form)


@login_required
@require_POST
def plan_advance(request, pk: int):
    """Move the plan to another stage; each refusal is shown beside the field it names."""
    plan = _plan_or_404(request, pk)
    if not _rights(request, plan)["manage"]:
        raise PermissionDenied
    form = StageForm(request.POST, prefix="stage")
    if not form.is_valid():
        return _editor(request, plan, status=400, stage_form=form)
    data = form.cleaned_data
    try:
        services.plan_advance(
            plan=plan,
            version=data["version"],
            stage=data["stage"],
            outcome=data["outcome"],
            closed_on=data["closed_on"],
            author=request.user,
        )
    except StaleEdit as error:
        plan.refresh_from_db()
        _stale(form, error, plan)
        return _editor(request, plan, status=409, stage_form=form, current=plan)
    except SERVICE_ERRORS as error:
        error = as_validation_error(error)
        return _editor(request, plan, status=400, **_place_stage_errors(request, plan, form, error))
    plan.refresh_from_db()
    messages.success(request, f"The plan is now at the {plan.get_stage_display()} stage.")
    return redirect("problemsolving:detail", pk=plan.pk)


def _place_stage_errors(request, plan: Plan, stage_form, error: ValidationError) -> dict:
    """Put each refusal beside the field it names: the stage form's own fields (outcome,
    closing date), the content form's (scan, triangle, assessment, justification), or the
    sections of the page (actions, priority)."""
    plan_form = _plan_form(request, plan)
    plan_form = _plan_form(request, plan, _as_data(plan_form))
    plan_form.is_valid()
    sections = {}
    for field, messages_ in error.message_dict.items():
        for message in messages_:
            if field in stage_form.fields:
                stage_form.add_error(field, message)
            elif field in plan_form.fields:
                plan_form.add_error(field, message)
            else:
                sections[field] = message
    return {"stage_form": stage_form, "plan_form": plan_form, "stage_errors": sections}


def _as_data(form) -> dict:
    """An unbound form's initial values as POST data (so errors can be attached to it)."""
    data = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if name == "partners":
            data[name] = [p.pk for p in value]
        elif hasattr(value, "pk"):
            data[name] = value.pk
        elif value is None:
            continue
        else:
            data[name] = value
    multi = MultiValueDict()
    for key, value in data.items():
        if isinstance(value, list):
            multi.setlist(key, [str(v) for v in value])
        else:
            multi[key] = str(value)
    return multi


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
@require_POST
def action_add(request, pk: int):
    """Add an EPIC action (``plans_contributable``; else 403). With htmx the actions section
    is swapped in place."""
    plan = _plan_or_404(request, pk)
    if not _rights(request, plan)["contribute"]:
        raise PermissionDenied
    form = _action_form(request, plan, request.POST)
    if form.is_valid():
        try:
            services.action_create(plan=plan, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_errors(form, error)
        else:
            if _is_htmx(request):
                return _actions_section(request, plan, _action_form(request, plan), added=True)
            messages.success(request, "Action added.")
            return redirect(f"{plan.get_absolute_url()}#actions")
    if _is_htmx(request):
        return _actions_section(request, plan, form, status=400)
    return _editor(request, plan, status=400, action_form=form)


def _actions_section(request, plan: Plan, form, *, added=False, status=200):
    return render(
        request,
        "problemsolving/_actions.html",
        {
            "plan": plan,
            "actions": _actions(request, plan),
            "action_form": form,
            "rights": _rights(request, plan),
            "added": added,
            "today": timezone.localdate(),
        },
        status=status,
    )


@login_required
@require_POST
def action_done(request, pk: int, action_id: int):
    """Tick an action done (``plan_actions_completable``; else 403). With htmx only the
    action's row is swapped."""
    plan = _plan_or_404(request, pk)
    action = get_object_or_404(Action, plan=plan, pk=action_id)
    completable = plan_actions_completable(Scope.of(request.user), plan=plan)
    if not completable.filter(pk=action.pk).exists():
        raise PermissionDenied
    form = DoneForm(request.POST)
    error_text = ""
    if form.is_valid():
        try:
            action = services.action_complete(action=action, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            error_text = " ".join(as_validation_error(error).messages)
    else:
        error_text = " ".join(e for errors in form.errors.values() for e in errors)
    if _is_htmx(request):
        return render(
            request,
            "problemsolving/_action_row.html",
            {
                "row": {"action": action, "can_complete": True},
                "plan": plan,
                "error": error_text,
                "today": timezone.localdate(),
            },
            status=400 if error_text else 200,
        )
    if error_text:
        messages.error(request, error_text)
    else:
        messages.success(request, "Action marked done.")
    return redirect(f"{plan.get_absolute_url()}#actions")


@login_required
@require_POST
def review_add(request, pk: int):
    """Record a review (``plans_contributable``; else 403); the next review date follows."""
    plan = _plan_or_404(request, pk)
    if not _rights(request, plan)["contribute"]:
        raise PermissionDenied
    form = ReviewForm(request.POST, prefix="review")
    if form.is_valid():
        try:
            services.plan_review_add(plan=plan, reviewer=request.user, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_errors(form, error)
        else:
            plan.refresh_from_db()
            messages.success(
                request,
                f"Review recorded. Next review due by {plan.next_review_on:%-d %B %Y}.",
            )
            return redirect(f"{plan.get_absolute_url()}#reviews")
    return _editor(request, plan, status=400, review_form=form)


@login_required
def plan_print(request, pk: int):
    """The plan on paper, for panel and tasking meetings."""
    plan = _plan_or_404(request, pk)
    return render(
        request,
        "problemsolving/plan_print.html",
        {
            "plan": plan,
            "shown_priority": _shown_priority(request, plan),
            "quality": plan_quality(plan),
            "actions": plan.actions.select_related("owner", "owner_partner").order_by(
                "category", "due_on", "id"
            ),
            "reviews": plan.reviews.select_related("reviewer").order_by("date", "id"),
            "partners": plan.partners.order_by("name"),
            "today": timezone.localdate(),
        },
    )
