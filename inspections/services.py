"""Writes for inspections: opening one (with its evidence frozen), grading, theme grades and
recommendations. Atomic, validated with ``full_clean()``; errors are ``ValidationError``
dicts naming the field. Who may call them is checked by the pages and the API against
``inspections.selectors.inspections_writable`` / ``inspection_scopes_openable``.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from inspections.models import (
    Framework,
    Inspection,
    Judgement,
    Recommendation,
    RecommendationStatus,
    ScopeType,
    ThemeAssessment,
)
from inspections.selectors import evidence_for
from npms.dates import refuse_implausible
from teams.models import BCU, Force, Team


def _with_author(obj, author):
    if author is not None:
        obj._history_user = author
    return obj


@transaction.atomic
def inspection_open(
    *,
    framework: Framework,
    scope_type: str,
    title: str,
    start_date: dt.date,
    force: Force | None = None,
    bcu: BCU | None = None,
    team: Team | None = None,
    end_date: dt.date | None = None,
    lead=None,
    author=None,
) -> Inspection:
    """Open an inspection of one force, BCU or team under ``framework``: one judgement per
    criterion, ungraded, and for each criterion with a metric its evidence computed through
    ``dashboards.selectors`` and frozen in ``computed_evidence`` (DESIGN.md section 3):
    ``{"metric", "value", "threshold", "met", "start", "end"}`` for a period figure (the 90
    days ending on ``start_date``) or ``"as_of"`` (= ``start_date``) for a point figure, plus
    ``"figures"`` (the selector's full answer). Later changes to the data never alter it.

    The threshold is the criterion's (``Criterion.threshold``), not the force's policy
    setting: an inspection measures the force against the framework's standard, the same for
    every force and every inspection, so two inspections compare; the force's own limits
    still shape the figure itself (what counts as abstraction, the review interval ...) and
    stay on the dashboards. Where a criterion's standard is the force's policy, its threshold
    is the default of that policy (``threshold_ref`` says so)."""
    given = {"force": force, "bcu": bcu, "team": team}
    # A start outside the plausible years is a typing mistake (and evidence reaches 90 days
    # back from it, which the far ends of the calendar cannot).
    refuse_implausible("start_date", start_date)
    refuse_implausible("end_date", end_date)
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": "The inspection cannot end before it starts."})
    if scope_type not in ScopeType.values:
        raise ValidationError({"scope_type": f"Choose one of {', '.join(ScopeType.values)}."})
    errors = {}
    if given[scope_type] is None:
        errors[scope_type] = f"Choose the {scope_type} to inspect."
    for name, value in given.items():
        if name != scope_type and value is not None:
            errors[name] = f"Leave {name} out of an inspection of a {scope_type}."
    if errors:
        raise ValidationError(errors)
    target = given[scope_type]
    force_id = {
        "force": lambda: target.pk,
        "bcu": lambda: target.force_id,
        "team": lambda: target.bcu.force_id,
    }[scope_type]()
    inspection = Inspection(
        framework=framework,
        force_id=force_id,
        scope_type=scope_type,
        bcu=bcu,
        team=team,
        title=title,
        start_date=start_date,
        end_date=end_date,
        lead=lead if lead is not None else author,
    )
    inspection.full_clean()
    _with_author(inspection, author).save()

    criteria = list(framework.criteria.order_by("order", "code"))
    evidence = evidence_for(criteria=criteria, level=scope_type, scope_id=target.pk, day=start_date)
    # One INSERT for the judgements and one for their first history rows (DESIGN.md
    # section 9: every change to an inspection is kept).
    bulk_create_with_history(
        [
            Judgement(
                inspection=inspection,
                criterion=criterion,
                computed_evidence=evidence.get(criterion.id, {}),
            )
            for criterion in criteria
        ],
        Judgement,
        default_user=author,
    )
    return inspection


JUDGEMENT_FIELDS = ("grade", "evidence", "looking_fors_met", "serious_omission")


@transaction.atomic
def judgement_update(*, judgement: Judgement, author=None, **changes) -> Judgement:
    """Grade a criterion: any of ``grade`` (one of the framework's grades, or "" to clear),
    ``evidence`` (text), ``looking_fors_met`` (codes of the criterion's looking-fors) and
    ``serious_omission``. The frozen ``computed_evidence`` is never changed."""
    unknown = set(changes) - set(JUDGEMENT_FIELDS)
    if unknown:
        raise TypeError(f"judgement_update() got unexpected fields {sorted(unknown)}")
    judgement = (
        Judgement.objects.select_for_update()
        .select_related("criterion__framework")
        .get(pk=judgement.pk)
    )
    for name, value in changes.items():
        setattr(judgement, name, "" if value is None and name in ("grade", "evidence") else value)
    judgement.full_clean()
    _with_author(judgement, author).save()
    return judgement


@transaction.atomic
def theme_assessment_set(
    *, inspection: Inspection, theme: str, grade: str = "", comments: str = "", author=None
) -> ThemeAssessment:
    """The assessor's overall grade and comments for one theme of the inspection (created or
    replaced). The grade must be one of the framework's; the theme one of its criteria's."""
    themes = set(inspection.framework.criteria.values_list("theme", flat=True))
    if theme not in themes:
        raise ValidationError({"theme": "Not a theme of this inspection's framework."})
    allowed = inspection.framework.grades
    if grade and allowed and grade not in allowed:
        raise ValidationError({"grade": f"Choose one of {', '.join(allowed)} for this framework."})
    assessment = ThemeAssessment.objects.filter(inspection=inspection, theme=theme).first()
    assessment = assessment or ThemeAssessment(inspection=inspection, theme=theme)
    assessment.grade, assessment.comments = grade, comments
    assessment.full_clean()
    _with_author(assessment, author).save()
    return assessment


def _check_recommendation(rec: Recommendation) -> None:
    if rec.status == RecommendationStatus.CLOSED and rec.closed_on is None:
        raise ValidationError({"closed_on": "Give the date the recommendation was closed."})
    if rec.status != RecommendationStatus.CLOSED:
        rec.closed_on = None
    rec.full_clean()


@transaction.atomic
def recommendation_create(
    *,
    inspection: Inspection,
    text: str,
    owner=None,
    due_on: dt.date | None = None,
    status: str = RecommendationStatus.OPEN,
    closed_on: dt.date | None = None,
    repeats: Recommendation | None = None,
    author=None,
) -> Recommendation:
    """Add a recommendation to the inspection, optionally repeating one of an earlier
    inspection of the same force (refused, naming ``repeats``, otherwise)."""
    rec = Recommendation(
        inspection=inspection,
        text=text,
        owner=owner,
        due_on=due_on,
        status=status,
        closed_on=closed_on,
        repeats=repeats,
    )
    _check_recommendation(rec)
    _with_author(rec, author).save()
    return rec


RECOMMENDATION_FIELDS = ("text", "owner", "due_on", "status", "closed_on", "repeats")


@transaction.atomic
def recommendation_update(
    *, recommendation: Recommendation, author=None, **changes
) -> Recommendation:
    """Change a recommendation's text, owner, due date, status (closing needs ``closed_on``)
    or the earlier recommendation it repeats."""
    unknown = set(changes) - set(RECOMMENDATION_FIELDS)
    if unknown:
        raise TypeError(f"recommendation_update() got unexpected fields {sorted(unknown)}")
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    for name, value in changes.items():
        setattr(rec, name, value)
    _check_recommendation(rec)
    _with_author(rec, author).save()
    return rec
