"""Reads for inspections: who may see them (DESIGN.md section 5), and what the frameworks'
grading rules make of an inspection's judgements (the rules themselves are pure functions in
``inspections.grading``).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from inspections.grading import (
    guarantee_grade,
    hmic_area_grade,
    hmic_overall_grade,
    looking_fors_rag,
    theme_grade,
)
from inspections.models import Inspection, Judgement
from npms.scope import Scope

HMIC_2008 = "hmic-2008"
NPIA_SELF_ASSESSMENT = "npia-self-assessment"
NP_GUARANTEE_2025 = "np-guarantee-2025"

__all__ = [
    "guarantee_grade",
    "hmic_area_grade",
    "hmic_overall_grade",
    "inspection_grades",
    "inspections_visible",
    "judgement_rag",
    "looking_fors_rag",
    "theme_grade",
]


def judgement_rag(*, judgement: Judgement) -> str | None:
    """The self-assessment's red / amber / green for one question from the looking-fors the
    assessor ticked and the serious-omission flag (``grading.looking_fors_rag``); None for a
    criterion without looking-fors."""
    return looking_fors_rag(
        met=len(judgement.looking_fors_met),
        total=len(judgement.criterion.looking_fors),
        serious_omission=judgement.serious_omission,
    )


def _is_hmic_exceeding(code: str) -> bool:
    # The fixed codes of DESIGN.md section 3: NP-M1..4 and CF-M1..4 are the "meeting the
    # standard" criteria, NP-E1..4 and CF-E1..2 the "exceeding" ones.
    return code.split("-")[1].startswith("E")


def inspection_grades(*, inspection: Inspection) -> dict:
    """The grades the framework's rules give from the judgements so far, in one query:
    ``{"themes": [{"theme", "grade"}, ...] in the framework's order, "overall": grade}``.
    HMIC: each area by ``hmic_area_grade``, overall the lower of them. Self-assessment: each
    theme's suggested grade by ``theme_grade``, no overall (the template has none).
    Guarantee: each theme and the whole by ``guarantee_grade``. A grade is None while the
    judgements do not settle it."""
    rows = (
        Judgement.objects.filter(inspection=inspection)
        .order_by("criterion__order", "criterion__code")
        .values_list("criterion__theme", "criterion__code", "grade")
    )
    by_theme: dict[str, list[tuple[str, str]]] = {}
    for theme, code, grade in rows:
        by_theme.setdefault(theme, []).append((code, grade))

    code = inspection.framework.code
    themes = []
    for theme, judged in by_theme.items():
        grades = [grade for _, grade in judged]
        if code == HMIC_2008:
            grade = hmic_area_grade(
                meeting=[g for c, g in judged if not _is_hmic_exceeding(c)],
                exceeding=[g for c, g in judged if _is_hmic_exceeding(c)],
            )
        elif code == NPIA_SELF_ASSESSMENT:
            grade = theme_grade(grades)
        else:
            grade = guarantee_grade(grades)
        themes.append({"theme": theme, "grade": grade})

    if code == HMIC_2008:
        overall = hmic_overall_grade(item["grade"] for item in themes)
    elif code == NPIA_SELF_ASSESSMENT:
        overall = None
    else:
        overall = guarantee_grade(grade for _, _, grade in rows)
    return {"themes": themes, "overall": overall}


def inspections_visible(scope: Scope) -> QuerySet[Inspection]:
    """Force-wide roles: the force's inspections; a BCU commander those of the BCU and its
    teams; a sergeant or officer those of the team; partners and the public none."""
    if scope.superuser:
        return Inspection.objects.all()
    if scope.force_wide:
        return Inspection.objects.filter(force_id=scope.force_id)
    if scope.is_bcu_commander:
        return Inspection.objects.filter(Q(bcu_id=scope.bcu_id) | Q(team__bcu_id=scope.bcu_id))
    if scope.in_team:
        return Inspection.objects.filter(team_id=scope.team_id)
    return Inspection.objects.none()
