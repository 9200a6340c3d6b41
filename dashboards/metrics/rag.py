"""Red / amber / green ratings of the dashboard cells against the force policy settings.

The bands (our choice; the sources give limits, not bands) are the named constants below. The
raters here, the metric selectors that count "due soon" items and the legend printed on every
dashboard (``legend``) all read them, so a band is changed in one place. A rating is one of
"green", "amber", "red" or None (nothing to rate).
"""

from __future__ import annotations

# Within 10% of a force limit is amber: e.g. abstraction above 18% with the 20% limit. Not the
# span: HMIC's good range is 1:8 to 1:12 (seeds/000 lines 131-134), so its amber band is the
# force's own ``supervision_span_amber`` (none by default).
LIMIT_AMBER_FRACTION = 0.9
# Vacancies above 10% of the staffing template are red (any vacancy is amber).
VACANCY_RED_SHARE = 0.10
# Figures that count items (priorities past review, neighbourhoods without a recent meeting or a
# named officer, contacts answered late, teams without a sergeant or stretched, hybrid
# sergeants) are rated by the share of the items that fail, not by "any one is red" (DESIGN.md
# 4.6), so a BCU or force row says how widespread a problem is. Green: none fail. Amber: some,
# up to a quarter. Red: more than a quarter. Our choice, stated in the legend.
SHARE_AMBER_ABOVE = 0.0
SHARE_RED_ABOVE = 0.25
# The figures the inspections need (DESIGN.md 4.5) count items that pass (a neighbourhood with 3
# to 5 priorities, a priority with a plan, a plan assessed), so they are rated by the share that
# passes, against the force's green point (``Force.priorities_in_range_green`` ...), with the
# self-assessment's key below it: "Red = does not meet majority" (seeds/004_9fc604fdf3343b13.txt
# lines 22442-22446), so amber while more than half pass, red at half or fewer.
MAJORITY_SHARE = 0.5
# "Due soon" counts (reported, not rated): a priority whose last formal review is more than 90%
# of the force's review interval old (81 days with the default 90); a neighbourhood whose last
# meeting is more than 90% of the meeting interval old.
REVIEW_AMBER_FRACTION = 0.9
MEETING_AMBER_FRACTION = 0.9


def _pct(fraction: float) -> str:
    """0.9 -> "90%", 0.225 -> "22.5%" (no float noise: 0.1 + 0.2 style digits are rounded)."""
    return f"{round(float(fraction) * 100, 4):g}%"


def _share_bands(items: str) -> str:
    """The words of the share bands of a count figure (DESIGN.md 4.6)."""
    quarter = _pct(SHARE_RED_ABOVE)
    return (
        f"Rated by the share of {items}: green when none, amber when some, up to {quarter}, "
        f"red above {quarter}."
    )


def _passing_bands(items: str, green: str) -> str:
    """The words of the bands of a figure rated by the share of its items that pass."""
    majority = _pct(MAJORITY_SHARE)
    return (
        f"Rated by the share of {items}: green at {green} or more, amber above {majority} and "
        f"below that, red at {majority} or less (the NPIA self-assessment's key: red when the "
        "majority is not met)."
    )


def legend(force=None) -> list[tuple[str, str]]:
    """[(column, how it is rated)] for the dashboards' legend, written from the band constants;
    with ``force`` (a ``teams.models.Force``), the limits are that force's policy settings in
    numbers (20% abstraction, 1:12 span, review every 90 days ...)."""
    limit = span = review = meeting = hours = span_amber = ""
    if force is not None:
        abstraction = float(force.abstraction_limit)
        span_limit = float(force.supervision_span_limit)
        limit = (
            f" ({_pct(LIMIT_AMBER_FRACTION * abstraction)} with this force's "
            f"{_pct(abstraction)} limit)"
        )
        span = f" (1:{span_limit:g} for this force)"
        if force.supervision_span_amber is not None:
            span_amber = (
                f", or the span is above this force's amber point of "
                f"1:{float(force.supervision_span_amber):g}"
            )
        review = f" (this force: {force.priority_review_days} days)"
        meeting = f" (this force: {force.meeting_interval_days} days)"
        hours = f" ({force.contact_response_hours} hours)"
    greens = {
        name: (
            f"this force's {_pct(getattr(force, name))}"
            if force is not None
            else "the force's green point"
        )
        for name in (
            "priorities_in_range_green",
            "priorities_with_plan_green",
            "plans_assessed_green",
        )
    }
    amber = _pct(LIMIT_AMBER_FRACTION)
    return [
        (
            "Abstraction",
            f"Green: at most {amber} of the force limit{limit}. Amber: above {amber} and up to "
            "the limit. Red: above the limit.",
        ),
        (
            "Supervision span",
            f"Green: the span is within the force's limit{span} and every team has a sergeant "
            "and is within the limit. Amber: some teams, up to a quarter, lack a sergeant or are "
            f"stretched{span_amber}. Red: the span is above the limit, or more than a quarter of "
            "the teams lack a sergeant or are stretched.",
        ),
        (
            "Hybrid sergeants",
            'Sergeants who also supervise response teams (HMIC: "minimal resort"). '
            + _share_bands("sergeants who are hybrid"),
        ),
        (
            "Vacancies",
            f"Green: none. Amber: up to {_pct(VACANCY_RED_SHARE)} of the staffing template. "
            f"Red: more than {_pct(VACANCY_RED_SHARE)}.",
        ),
        (
            "Priorities past review",
            "A priority is past review when its last formal review (or the day it was set) is "
            f"older than the force's review interval{review}. "
            + _share_bands("open priorities past review"),
        ),
        (
            "Last PACT meeting",
            "A neighbourhood is overdue when its last PACT meeting or ward panel (its own, or "
            f"its team's) is older than the force's meeting interval{meeting}, or it never met. "
            + _share_bands("neighbourhoods overdue"),
        ),
        (
            "Contacts answered in time",
            f"A contact is late when it was not answered within the force's response "
            f"time{hours}, answered or not. " + _share_bands("contacts due that were late"),
        ),
        (
            "Named officers",
            "A neighbourhood is covered when a constable or PCSO of at least half-time posted to "
            "a team covering it has a public contact method. "
            + _share_bands("neighbourhoods not covered"),
        ),
        (
            "Neighbourhoods with 3-5 priorities",
            "A neighbourhood is in range with 3 to 5 public priorities open (the NPIA "
            "self-assessment recommends 3-5). "
            + _passing_bands("neighbourhoods in range", greens["priorities_in_range_green"]),
        ),
        (
            "Priorities with a plan",
            "An open priority counts when a problem-solving plan opened by the day serves it "
            '("action plans for all identified priorities"). '
            + _passing_bands("open priorities with a plan", greens["priorities_with_plan_green"]),
        ),
        (
            "Plans assessed",
            "Of the plans opened 90 days or more before the day (long enough to show results), "
            "how many have an assessment written of whether they worked. "
            + _passing_bands("those plans assessed", greens["plans_assessed_green"]),
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


def passing_band(share: float | None, green_share: float) -> str | None:
    """The rating of a figure by the share of its items that pass (DESIGN.md 4.5-4.6): green
    at ``green_share`` or more, amber above half, red at half or less; None when there is
    nothing to count (``share`` None)."""
    if share is None:
        return None
    if share >= green_share:
        return "green"
    return "amber" if share > MAJORITY_SHARE else "red"


def passing_share(fig: dict) -> str | None:
    """A 4.5 figure (``share`` and the force's ``green_share``) rated by ``passing_band``."""
    return passing_band(fig.get("share"), fig["green_share"])


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
    """By the share of the open priorities past their review date (DESIGN.md 4.6); none open
    is green (nothing is past review)."""
    if not fig.get("open"):
        return "green"
    return share_band(fig.get("review_overdue"), fig["open"])


def meeting_cadence(fig: dict) -> str | None:
    """By the share of the neighbourhoods past the meeting interval or never met."""
    return share_band(fig.get("overdue"), fig.get("neighbourhoods"))


def contact_responsiveness(fig: dict) -> str | None:
    """By the share of the contacts due (answered, or past their time) that were late."""
    late = fig.get("late") or 0
    return share_band(late, (fig.get("on_time") or 0) + late)


def named_officer_coverage(fig: dict) -> str | None:
    """By the share of the neighbourhoods with no named officer."""
    return share_band(fig.get("uncovered"), fig.get("neighbourhoods"))


RATERS = {
    "abstraction": abstraction,
    "supervision": supervision,
    "staffing": staffing,
    "priority_ageing": priority_ageing,
    "meeting_cadence": meeting_cadence,
    "contact_responsiveness": contact_responsiveness,
    "named_officer_coverage": named_officer_coverage,
    "priorities_per_neighbourhood": passing_share,
    "priorities_with_plan": passing_share,
    "plans_assessed": passing_share,
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
