"""Red / amber / green ratings of the dashboard cells against the force policy settings.

The bands (our choice; the sources give limits, not bands) are the named constants below. The
raters here, the metric selectors that count "due soon" items and the legend printed on every
dashboard (``legend``) all read them, so a band is changed in one place. A rating is one of
"green", "amber", "red" or None (nothing to rate).
"""

from __future__ import annotations

import math

# Within 10% of a force limit is amber: e.g. abstraction above 18% with the 20% limit, span
# above 1:10.8 with the 1:12 limit (HMIC's good range is 1:8 to 1:12, seeds/000 lines 133-135).
LIMIT_AMBER_FRACTION = 0.9
# Vacancies above 10% of the staffing template are red (any vacancy is amber).
VACANCY_RED_SHARE = 0.10
# Reviews: amber when the last formal review is more than 90% of the force's review interval
# old (81 days with the default 90); red when any is past it.
REVIEW_AMBER_FRACTION = 0.9
# Meetings: amber when the stalest neighbourhood's last PACT meeting is more than 90% of the
# force's meeting interval old; red when one is past it or never met.
MEETING_AMBER_FRACTION = 0.9
# Contacts: green when all due were answered in time, amber down to 90%, red below.
CONTACT_GREEN_SHARE = 1.0
CONTACT_AMBER_SHARE = 0.9


def _pct(fraction: float) -> str:
    """0.9 -> "90%", 0.225 -> "22.5%" (no float noise: 0.1 + 0.2 style digits are rounded)."""
    return f"{round(float(fraction) * 100, 4):g}%"


def _days(days: int, fraction: float) -> int:
    """The day count of an amber band, floored as the metric selectors do (FloorDays)."""
    return math.floor(days * fraction)


def legend(force=None) -> list[tuple[str, str]]:
    """[(column, how it is rated)] for the dashboards' legend, written from the band constants;
    with ``force`` (a ``teams.models.Force``), each band also in that force's own numbers."""
    limit = span = review = meeting = hours = ""
    if force is not None:
        abstraction = float(force.abstraction_limit)
        span_limit = float(force.supervision_span_limit)
        limit = (
            f" ({_pct(LIMIT_AMBER_FRACTION * abstraction)} with this force's "
            f"{_pct(abstraction)} limit)"
        )
        amber_span = round(LIMIT_AMBER_FRACTION * span_limit, 2)
        span = f" (1:{amber_span:g} with this force's 1:{span_limit:g})"
        days = force.priority_review_days
        review = f" (more than {_days(days, REVIEW_AMBER_FRACTION)} of {days} days)"
        days = force.meeting_interval_days
        meeting = f" ({_days(days, MEETING_AMBER_FRACTION)} of {days} days)"
        hours = f" ({force.contact_response_hours} hours)"
    amber = _pct(LIMIT_AMBER_FRACTION)
    return [
        (
            "Abstraction",
            f"Green: at most {amber} of the force limit{limit}. Amber: above {amber} and up to "
            "the limit. Red: above the limit.",
        ),
        (
            "Supervision span",
            f"Green: at most {amber} of the force's span limit{span}. Amber: above {amber} and "
            "up to the limit. Red: above the limit, or staff with no sergeant.",
        ),
        (
            "Vacancies",
            f"Green: none. Amber: up to {_pct(VACANCY_RED_SHARE)} of the staffing template. "
            f"Red: more than {_pct(VACANCY_RED_SHARE)}.",
        ),
        (
            "Priorities past review",
            "Green: none due. Amber: a review falls due soon (last review older than "
            f"{_pct(REVIEW_AMBER_FRACTION)} of the force's review interval{review}). Red: at "
            "least one priority past its review date.",
        ),
        (
            "Last PACT meeting",
            f"Green: every neighbourhood met within {_pct(MEETING_AMBER_FRACTION)} of the "
            f"force's meeting interval{meeting}. Amber: one is in the last "
            f"{_pct(1 - MEETING_AMBER_FRACTION)} of the interval. Red: one is past the interval "
            "or never met.",
        ),
        (
            "Contacts answered in time",
            f"Green: {_pct(CONTACT_GREEN_SHARE)} answered within the force's response "
            f"time{hours}. Amber: {_pct(CONTACT_AMBER_SHARE)} or more. Red: under "
            f"{_pct(CONTACT_AMBER_SHARE)}.",
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
    if value > LIMIT_AMBER_FRACTION * limit:
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
    if rate >= CONTACT_GREEN_SHARE:
        return "green"
    return "amber" if rate >= CONTACT_AMBER_SHARE else "red"


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
