"""The grading rules of the inspection frameworks, as pure functions of grades and counts.

A grade is one of the ``inspections.models.Grade`` values; ``None`` (or "") means not graded
yet. Functions return ``None`` when the grades given do not settle the answer yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction

RED, AMBER, GREEN = "red", "amber", "green"
FAILING, MEETING, EXCEEDING = "failing", "meeting", "exceeding"

# --- NPIA self-assessment ----------------------------------------------------------------
# The template's key (seeds/004_9fc604fdf3343b13.txt lines 22442-22446):
#   red   - the majority of the looking-fors is not met;
#   amber - the majority is met, but with some serious omissions;
#   green - virtually all are met, and nothing serious is missing.
# "Majority" is more than half, so exactly half met is red.
MAJORITY = Fraction(1, 2)
# "Virtually all" has no number in the template. Our reading: at least four in five, which
# lets one of five to nine looking-fors be missing (most questions have two to ten).
VIRTUALLY_ALL = Fraction(4, 5)


def looking_fors_rag(*, met: int, total: int, serious_omission: bool) -> str | None:
    """Red, amber or green for a question with ``total`` looking-fors of which ``met`` are
    met, by the template's key (lines 22442-22446). The template leaves a gap between its
    amber and green (most met, nothing serious missing, but short of virtually all): that is
    amber here, as is "virtually all met but something serious missing". None when the
    question has no looking-fors to count."""
    if total < 0 or not 0 <= met <= total:
        raise ValueError(f"met must be between 0 and total ({met} of {total})")
    if total == 0:
        return None
    share = Fraction(met, total)
    if share <= MAJORITY:
        return RED
    if share >= VIRTUALLY_ALL and not serious_omission:
        return GREEN
    return AMBER


def theme_grade(grades: Iterable[str | None]) -> str | None:
    """A suggested overall grade for a theme from its questions' grades. The template has a
    box for it at the end of each theme (lines 22658, 22974, 23192, 23256, 23362) and no
    rule; ours reads the questions the way the key reads looking-fors: red when the questions
    graded amber or green are not a majority; green when at least four in five (as
    ``VIRTUALLY_ALL``) are green and none is red (a red question is a serious omission);
    amber otherwise. None while a question is ungraded or the theme has none."""
    grades = list(grades)
    if not grades or any(not grade for grade in grades):
        return None
    total = len(grades)
    reds = sum(grade == RED for grade in grades)
    greens = sum(grade == GREEN for grade in grades)
    if Fraction(total - reds, total) <= MAJORITY:
        return RED
    if reds == 0 and Fraction(greens, total) >= VIRTUALLY_ALL:
        return GREEN
    return AMBER


# --- HMIC 2008 ---------------------------------------------------------------------------
# HMIC graded each area (Neighbourhood Policing; Developing Citizen Focus Policing) on its
# own: a force "meeting the standard" showed every one of the area's meeting criteria (the
# list is joined by "and", seeds/000_c7035e1074614552.txt lines 521-535 and 545-559); one
# "exceeding the standard" showed every exceeding criterion as well (lines 537-542 and
# 561-566). HMIC named no lower grade in 2008 (domain-notes/seed_000.md line 338): "failing"
# is ours, for an area where a meeting criterion is not shown.
_HMIC_ORDER = {FAILING: 0, MEETING: 1, EXCEEDING: 2}


def hmic_area_grade(
    *, meeting: Sequence[str | None], exceeding: Sequence[str | None]
) -> str | None:
    """Failing, meeting or exceeding for one HMIC area from the grades of its "meeting the
    standard" criteria and of its "exceeding the standard" criteria. A criterion graded
    ``meeting`` or ``exceeding`` counts as shown, ``failing`` as not shown. Failing as soon
    as one meeting criterion fails; None while the rest cannot settle it."""
    if any(grade == FAILING for grade in meeting):
        return FAILING
    if not meeting or any(not grade for grade in meeting):
        return None
    if not exceeding or any(grade == FAILING for grade in exceeding):
        return MEETING
    if any(not grade for grade in exceeding):
        return None
    return EXCEEDING


def hmic_overall_grade(area_grades: Iterable[str | None]) -> str | None:
    """One grade for the whole inspection: the lower of the areas' grades. HMIC published the
    two areas' grades side by side and combined them nowhere (Appendix 1, lines 2612-2664),
    so this is our rule. A failing area settles it; otherwise None while an area is open."""
    grades = list(area_grades)
    if FAILING in grades:
        return FAILING
    if not grades or any(not grade for grade in grades):
        return None
    return min(grades, key=_HMIC_ORDER.__getitem__)


# --- Neighbourhood Policing Guarantee 2025 ------------------------------------------------


def guarantee_grade(grades: Iterable[str | None]) -> str | None:
    """Meeting when every commitment is met, failing as soon as one is not. The Guarantee is
    a list of commitments (domain-notes/anchors.md lines 288-299) with no rule for a whole;
    each being a promise, ours is that all must be kept. None while one is ungraded."""
    grades = list(grades)
    if FAILING in grades:
        return FAILING
    if not grades or any(not grade for grade in grades):
        return None
    return MEETING
