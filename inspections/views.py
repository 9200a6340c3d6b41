"""Inspection pages (DESIGN.md section 7): /inspections/ (the visible inspections, opening
one, every outstanding recommendation), /inspections/<id>/ (grade each criterion beside its
frozen evidence and today's figure), /inspections/<id>/report/ (printable) and
/inspections/<id>/compare/ (two inspections of the same scope side by side).

Pages translate HTTP to ``inspections.services``; a service's ValidationError is shown beside
the field it names. An inspection outside ``inspections_visible`` is 404; a change to one the
caller may read but not change (``inspections_writable``) is 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from inspections import services
from inspections.forms import (
    CompareForm,
    InspectionOpenForm,
    JudgementForm,
    RecommendationForm,
    RecommendationStatusForm,
    ThemeAssessmentForm,
)
from inspections.models import Grade, Inspection, Judgement, Recommendation
from inspections.selectors import (
    NPIA_SELF_ASSESSMENT,
    inspection_comparison,
    inspection_scope_name,
    inspection_scopes_openable,
    inspection_sheet,
    inspections_comparable,
    inspections_for_pages,
    inspections_visible,
    inspections_writable,
    recommendation_owners,
    recommendations_outstanding,
    recommendations_repeatable,
)
from npms.form_errors import SERVICE_ERRORS, add_service_errors, error_context
from npms.scope import Scope

GRADE_LABELS = dict(Grade.choices)


def _inspection_or_404(request, pk: int) -> Inspection:
    visible = inspections_visible(Scope.of(request.user)).select_related(
        "framework", "force", "bcu", "team", "lead"
    )
    return get_object_or_404(visible, pk=pk)


def _can_write(request, inspection: Inspection) -> bool:
    return inspections_writable(Scope.of(request.user)).filter(pk=inspection.pk).exists()


def _writable_or_403(request, pk: int) -> Inspection:
    inspection = _inspection_or_404(request, pk)
    if not _can_write(request, inspection):
        raise PermissionDenied("You may read this inspection but not change it.")
    return inspection


def _openable(request) -> dict | None:
    scopes = inspection_scopes_openable(Scope.of(request.user))
    return scopes if any(qs.exists() for qs in scopes.values()) else None


@login_required
@require_http_methods(["GET", "POST"])
def inspection_list(request):
    """The inspections the caller may see, the form to open one (for those who may), and
    every outstanding recommendation of those inspections."""
    scope = Scope.of(request.user)
    if scope.is_partner:
        raise Http404
    scopes = _openable(request)
    form = None
    if scopes is not None:
        form = InspectionOpenForm(request.POST or None, scopes=scopes)
    elif request.method == "POST":
        raise PermissionDenied("Your role may not open an inspection.")
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_scope()
        target = scopes[chosen["scope_type"]].filter(pk=chosen["id"]).first()
        if target is None:  # the choice list is the same queryset; a forged value lands here
            form.add_error("scope", "Choose a force, BCU or team from the list.")
        else:
            try:
                inspection = services.inspection_open(
                    framework=form.cleaned_data["framework"],
                    scope_type=chosen["scope_type"],
                    title=form.cleaned_data["title"],
                    start_date=form.cleaned_data["start_date"],
                    author=request.user,
                    **{chosen["scope_type"]: target},
                )
            except SERVICE_ERRORS as error:
                add_service_errors(
                    form, error, field_map={"force": "scope", "bcu": "scope", "team": "scope"}
                )
            else:
                messages.success(request, f"Inspection “{inspection.title}” opened.")
                return redirect("inspections:detail", pk=inspection.pk)
    inspections = list(inspections_for_pages(scope))
    for inspection in inspections:
        inspection.scope_name = inspection_scope_name(inspection)
    context = {
        "inspections": inspections,
        "form": form,
        "outstanding": recommendations_outstanding(scope),
        "today": timezone.localdate(),
        **error_context(form),
    }
    return render(request, "inspections/inspection_list.html", context)


def _detail_context(request, inspection: Inspection, *, bound: dict | None = None) -> dict:
    bound = bound or {}
    scope = Scope.of(request.user)
    can_write = _can_write(request, inspection)
    sheet = inspection_sheet(inspection=inspection, today=timezone.localdate())
    grades = inspection.framework.grades
    for theme in sheet["themes"]:
        for row in theme["rows"]:
            judgement = row["judgement"]
            row["form"] = bound.get(f"j{judgement.pk}") or JudgementForm(
                prefix=f"j{judgement.pk}",
                criterion=row["criterion"],
                grades=grades,
                grade_labels=GRADE_LABELS,
                initial={
                    "grade": judgement.grade,
                    "evidence": judgement.evidence,
                    "looking_fors_met": judgement.looking_fors_met,
                    "serious_omission": judgement.serious_omission,
                },
            )
        assessment = theme["assessment"]
        theme["form"] = bound.get(f"theme:{theme['theme']}") or ThemeAssessmentForm(
            prefix=f"t{theme['rows'][0]['judgement'].pk}",
            grades=grades,
            grade_labels=GRADE_LABELS,
            initial={
                "theme": theme["theme"],
                "grade": assessment.grade if assessment else "",
                "comments": assessment.comments if assessment else "",
            },
        )
    recommendations = list(
        inspection.recommendations.select_related("owner", "repeats__inspection").order_by(
            "due_on", "id"
        )
    )
    for rec in recommendations:
        rec.status_form = bound.get(f"r{rec.pk}") or RecommendationStatusForm(
            prefix=f"r{rec.pk}", initial={"status": rec.status, "closed_on": rec.closed_on}
        )
    rec_form = None
    if can_write:
        rec_form = bound.get("recommendation") or RecommendationForm(
            prefix="rec",
            owners=recommendation_owners(scope, inspection=inspection),
            repeatable=recommendations_repeatable(scope, inspection=inspection),
        )
    comparable = inspections_comparable(scope, inspection=inspection)
    errors = error_context(*[form for key, form in bound.items()])
    return {
        "inspection": inspection,
        "scope_name": inspection_scope_name(inspection),
        "sheet": sheet,
        "overall_label": GRADE_LABELS.get(sheet["overall"]) if sheet["overall"] else None,
        "self_assessment": inspection.framework.code == NPIA_SELF_ASSESSMENT,
        "can_write": can_write,
        "recommendations": recommendations,
        "rec_form": rec_form,
        "compare_form": CompareForm(inspections=comparable) if comparable.exists() else None,
        "grade_labels": GRADE_LABELS,
        **errors,
    }


@login_required
def inspection_detail(request, pk: int):
    """Grade each criterion beside its frozen evidence and today's figure."""
    inspection = _inspection_or_404(request, pk)
    return render(
        request, "inspections/inspection_detail.html", _detail_context(request, inspection)
    )


@login_required
@require_POST
def judgement_grade(request, pk: int, judgement_id: int):
    """Save one criterion's grade, evidence text and looking-fors."""
    inspection = _writable_or_403(request, pk)
    judgement = get_object_or_404(
        Judgement.objects.select_related("criterion"), inspection=inspection, pk=judgement_id
    )
    form = JudgementForm(
        request.POST,
        prefix=f"j{judgement.pk}",
        criterion=judgement.criterion,
        grades=inspection.framework.grades,
        grade_labels=GRADE_LABELS,
    )
    if form.is_valid():
        changes = {"grade": form.cleaned_data["grade"], "evidence": form.cleaned_data["evidence"]}
        if "looking_fors_met" in form.fields:
            changes["looking_fors_met"] = sorted(form.cleaned_data["looking_fors_met"])
            changes["serious_omission"] = form.cleaned_data["serious_omission"]
        try:
            services.judgement_update(judgement=judgement, author=request.user, **changes)
        except SERVICE_ERRORS as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{judgement.criterion.code} saved.")
            return redirect(f"{inspection.get_absolute_url()}#criterion-{judgement.pk}")
    context = _detail_context(request, inspection, bound={f"j{judgement.pk}": form})
    return render(request, "inspections/inspection_detail.html", context, status=400)


@login_required
@require_POST
def theme_assess(request, pk: int):
    """Save the assessor's overall grade and comments for one theme."""
    inspection = _writable_or_403(request, pk)
    prefix = next((key[:-6] for key in request.POST if key.endswith("-theme")), "")
    form = ThemeAssessmentForm(
        request.POST,
        prefix=prefix or None,
        grades=inspection.framework.grades,
        grade_labels=GRADE_LABELS,
    )
    if form.is_valid():
        try:
            services.theme_assessment_set(
                inspection=inspection, author=request.user, **form.cleaned_data
            )
        except SERVICE_ERRORS as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Overall grade for {form.cleaned_data['theme']} saved.")
            return redirect(inspection.get_absolute_url())
    theme = form.data.get(f"{prefix}-theme", "")
    context = _detail_context(request, inspection, bound={f"theme:{theme}": form})
    return render(request, "inspections/inspection_detail.html", context, status=400)


@login_required
@require_POST
def recommendation_add(request, pk: int):
    """Add a recommendation, perhaps repeating one of an earlier inspection."""
    inspection = _writable_or_403(request, pk)
    scope = Scope.of(request.user)
    form = RecommendationForm(
        request.POST,
        prefix="rec",
        owners=recommendation_owners(scope, inspection=inspection),
        repeatable=recommendations_repeatable(scope, inspection=inspection),
    )
    if form.is_valid():
        try:
            services.recommendation_create(
                inspection=inspection, author=request.user, **form.cleaned_data
            )
        except SERVICE_ERRORS as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Recommendation added.")
            return redirect(f"{inspection.get_absolute_url()}#recommendations")
    context = _detail_context(request, inspection, bound={"recommendation": form})
    return render(request, "inspections/inspection_detail.html", context, status=400)


@login_required
@require_POST
def recommendation_status(request, pk: int, recommendation_id: int):
    """Move a recommendation on (open, in progress, closed with a date)."""
    inspection = _writable_or_403(request, pk)
    rec = get_object_or_404(Recommendation, inspection=inspection, pk=recommendation_id)
    form = RecommendationStatusForm(request.POST, prefix=f"r{rec.pk}")
    if form.is_valid():
        try:
            services.recommendation_update(
                recommendation=rec, author=request.user, **form.cleaned_data
            )
        except SERVICE_ERRORS as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Recommendation updated.")
            return redirect(f"{inspection.get_absolute_url()}#recommendations")
    context = _detail_context(request, inspection, bound={f"r{rec.pk}": form})
    return render(request, "inspections/inspection_detail.html", context, status=400)


@login_required
def inspection_report(request, pk: int):
    """The inspection as a printable report: grades, evidence, theme grades, recommendations.
    The figures are the frozen ones only (a report says what was found at the time)."""
    inspection = _inspection_or_404(request, pk)
    sheet = inspection_sheet(inspection=inspection, today=None)
    context = {
        "inspection": inspection,
        "scope_name": inspection_scope_name(inspection),
        "sheet": sheet,
        "overall_label": GRADE_LABELS.get(sheet["overall"]) if sheet["overall"] else None,
        "self_assessment": inspection.framework.code == NPIA_SELF_ASSESSMENT,
        "recommendations": inspection.recommendations.select_related(
            "owner", "repeats__inspection"
        ).order_by("due_on", "id"),
        "grade_labels": GRADE_LABELS,
        "today": timezone.localdate(),
    }
    return render(request, "inspections/inspection_report.html", context)


@login_required
def inspection_compare(request, pk: int):
    """This inspection beside another of the same force, BCU or team (``?other=ID``)."""
    inspection = _inspection_or_404(request, pk)
    comparable = inspections_comparable(Scope.of(request.user), inspection=inspection)
    form = CompareForm(request.GET or None, inspections=comparable)
    if not form.is_valid():
        raise Http404("Choose another inspection of the same scope.")
    comparison = inspection_comparison(earlier=inspection, later=form.cleaned_data["other"])
    context = {
        "inspection": inspection,
        "scope_name": inspection_scope_name(inspection),
        "comparison": comparison,
        "grade_labels": GRADE_LABELS,
    }
    return render(request, "inspections/inspection_compare.html", context)
