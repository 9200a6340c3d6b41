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
# Figures that count items (priorities past review, neighbourhoods without a recent meeting or a
# named officer, contacts answered late, teams without a sergeant or stretched, hybrid
# sergeants) are rated by the share of the items that fail, not by "any one is red" (DESIGN.md
# 4.6), so a BCU or force row says how widespread a problem is. Green: none fail. Amber: some,
# up to a quarter. Red: more than a quarter. Our choice, stated in the legend.
SHARE_AMBER_ABOVE = 0.0
SHARE_RED_ABOVE = 0.25

LEGEND = [
    (
        "Abstraction",
        "Green: rate at most 90% of the force limit. Amber: above 90% and up to the limit "
        "(90–100%). Red: above the limit.",
    ),
    (
        "Supervision span",
        "Green: the span is within the force's limit and every team has a sergeant and is "
        "within the limit. Amber: a quarter of the teams or fewer lack a sergeant or are "
        "stretched, or the span is above the force's amber point if it has one (by default "
        "none: HMIC's good range is 1:8 to 1:12). Red: the span is above the limit, or more "
        "than a quarter of the teams lack a sergeant or are stretched.",
    ),
    (
        "Hybrid sergeants",
        'Sergeants who also supervise response teams (HMIC: "minimal resort"). Green: none. '
        "Amber: up to a quarter of the sergeants. Red: more than a quarter.",
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


def share_band(failing: float | None, total: float | None) -> str | None:
    """The rating of a count figure by the share of its items that fail (DESIGN.md 4.6):
    green when none fail, amber up to ``SHARE_RED_ABOVE`` (a quarter), red above; None when
    there is nothing to count."""
    if not total:
        return None
    share = (failing or 0) / total
    if share > SHARE_RED_ABOVE:
        return "red"
    return "amber" if share > SHARE_AMBER_ABOVE else "green"


_ORDER = {None: 0, "green": 1, "amber": 2, "red": 3}


def worst(*ratings: str | None) -> str | None:
    return max(ratings, key=lambda r: _ORDER[r])


def abstraction(fig: dict) -> str | None:
    return _limit_band(fig.get("rate"), fig["limit"])


def span_band(fig: dict) -> str | None:
    """The scope's own span against the force's limit. HMIC's good range is 1:8 to 1:12
    (seeds/000 lines 131-134): there is no amber band inside it unless the force's policy sets
    ``supervision_span_amber``. Green up to the limit (or up to that amber point), red above
    the limit; staff with no sergeant is red."""
    span = fig.get("span")
    if span is None:
        return "red" if fig.get("stretched") else None
    if span > fig["limit"]:
        return "red"
    amber = fig.get("amber_span")
    return "amber" if amber is not None and span > amber else "green"


def supervision(fig: dict) -> str | None:
    """The worse of the scope's own span and the share of its teams that are without a
    sergeant or stretched (a BCU total never hides an unsupervised team)."""
    teams = fig.get("teams")
    flagged = (fig.get("teams_without_sergeant") or 0) + (fig.get("teams_stretched") or 0)
    by_teams = share_band(flagged, teams) if teams else None
    return worst(span_band(fig), by_teams)


def hybrid_supervision(fig: dict) -> str | None:
    """Hybrid sergeants (who also supervise response) by their share of the sergeants: HMIC
    wants "minimal resort to hybrid supervision" (seeds/000 lines 895-899)."""
    if "hybrid_sergeants" not in fig or not fig.get("sergeant_postings"):
        return None
    return share_band(fig["hybrid_sergeants"], fig["sergeant_postings"])


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


# Extra ratings of a metric's figures, under their own key (a column of their own).
EXTRA_RATERS = {"hybrid_supervision": ("supervision", hybrid_supervision)}


def rate_all(row: dict) -> dict[str, str | None]:
    """{metric: rating} for the metrics present in a dashboard row."""
    out = {m: rater(row[m]) for m, rater in RATERS.items() if row.get(m) is not None}
    for key, (metric, rater) in EXTRA_RATERS.items():
        if row.get(metric) is not None:
            out[key] = rater(row[metric])
    return out
