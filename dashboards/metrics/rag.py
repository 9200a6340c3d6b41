"""Red / amber / green ratings of the dashboard cells against the force policy settings.

The bands (our choice; the sources give limits, not bands) are stated on every dashboard page
from ``LEGEND``. A rating is one of "green", "amber", "red" or None (nothing to rate).
"""

from __future__ import annotations

# Within 10% of a force limit is amber: e.g. abstraction above 18% with the 20% limit, span
# above 1:10.8 with the 1:12 limit (HMIC's good range is 1:8 to 1:12, seeds/000 lines 133-135).
AMBER_FRACTION = 0.9
# Vacancies above 10% of the staffing template are red.
VACANCY_RED_SHARE = 0.10
# Amber band for reviews: the last formal review is more than 90% of the review interval old
# (81 days with the default 90).
REVIEW_AMBER_FRACTION = 0.9

LEGEND = [
    (
        "Abstraction",
        "Green: rate at most 90% of the force limit. Amber: above 90% and up to the limit "
        "(90–100%). Red: above the limit.",
    ),
    (
        "Supervision span",
        "Green: at most 90% of the force's span limit. Amber: 90–100% of the limit. "
        "Red: above the limit, or staff with no sergeant.",
    ),
    (
        "Vacancies",
        "Green: none. Amber: up to 10% of the staffing template. Red: more than 10%.",
    ),
    (
        "Priorities past review",
        "Green: none due. Amber: a review falls due soon (last review older than 90% of the "
        "force's review interval). Red: at least one priority past its review date.",
    ),
    (
        "Last PACT meeting",
        "Green: every neighbourhood met within 90% of the force's meeting interval. Amber: one "
        "is in the last 10% of the interval. Red: one is past the interval or never met.",
    ),
    (
        "Contacts answered in time",
        "Green: all answered within the force's response time. Amber: 90% or more. Red: under 90%.",
    ),
    (
        "Named officers",
        "Green: every neighbourhood has a named constable or PCSO. Red: one has none.",
    ),
]


def _limit_band(value: float | None, limit: float) -> str | None:
    if value is None:
        return None
    if value > limit:
        return "red"
    if value > AMBER_FRACTION * limit:
        return "amber"
    return "green"


def abstraction(fig: dict) -> str | None:
    return _limit_band(fig.get("rate"), fig["limit"])


def supervision(fig: dict) -> str | None:
    if fig.get("span") is None:
        return "red" if fig.get("stretched") else None
    return _limit_band(fig["span"], fig["limit"])


def staffing(fig: dict) -> str | None:
    target = fig.get("target_total")
    if not target:
        return None
    vacancies = fig.get("vacancies_total") or 0
    if vacancies > VACANCY_RED_SHARE * target:
        return "red"
    return "amber" if vacancies > 0 else "green"


def priority_ageing(fig: dict) -> str:
    if fig.get("review_overdue"):
        return "red"
    return "amber" if fig.get("review_due_soon") else "green"


def meeting_cadence(fig: dict) -> str | None:
    if not fig.get("neighbourhoods"):
        return None
    if fig.get("overdue"):
        return "red"
    return "amber" if fig.get("due_soon") else "green"


def contact_responsiveness(fig: dict) -> str | None:
    rate = fig.get("rate")
    if rate is None:
        return None
    if rate >= 1.0:
        return "green"
    return "amber" if rate >= AMBER_FRACTION else "red"


def named_officer_coverage(fig: dict) -> str | None:
    if not fig.get("neighbourhoods"):
        return None
    return "red" if fig.get("uncovered") else "green"


RATERS = {
    "abstraction": abstraction,
    "supervision": supervision,
    "staffing": staffing,
    "priority_ageing": priority_ageing,
    "meeting_cadence": meeting_cadence,
    "contact_responsiveness": contact_responsiveness,
    "named_officer_coverage": named_officer_coverage,
}


def rate_all(row: dict) -> dict[str, str | None]:
    """{metric: rating} for the metrics present in a dashboard row."""
    return {m: rater(row[m]) for m, rater in RATERS.items() if row.get(m) is not None}
