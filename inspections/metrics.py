"""What each inspection metric's number is and which side of its threshold meets it.

A criterion with a ``metric`` carries one ``threshold`` (DESIGN.md section 3). The figures
themselves come from ``dashboards.selectors`` (DESIGN.md section 4); this module only says
how a figure's headline value is read against a criterion's threshold, so the data migration,
the evidence freezing and the pages read it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from inspections.models import MetricName


@dataclass(frozen=True)
class MetricRule:
    """``value`` says what the headline number is; ``comparison`` whether it must stay at
    most (``at_most``) or reach at least (``at_least``) the threshold; ``policy`` names the
    ``teams.Force`` setting that parametrises the figure, if any."""

    name: str
    value: str
    comparison: Literal["at_most", "at_least"]
    policy: str = ""

    def met(self, value: float | Decimal | None, threshold: float | Decimal) -> bool | None:
        """True when the value is on the right side of the threshold (the threshold itself
        included); None when there is no value to judge (nothing in scope)."""
        if value is None:
            return None
        value, threshold = Decimal(str(value)), Decimal(str(threshold))
        return value <= threshold if self.comparison == "at_most" else value >= threshold


METRIC_RULES: dict[str, MetricRule] = {
    rule.name: rule
    for rule in [
        MetricRule(
            MetricName.ABSTRACTION_RATE,
            "abstracted hours / working hours over the 90 days (section 4.1)",
            "at_most",
            "abstraction_limit",
        ),
        MetricRule(
            MetricName.SUPERVISION_SPAN,
            "constables and PCSOs per sergeant, in FTE (section 4.2); no sergeant is not met",
            "at_most",
            "supervision_span_limit",
        ),
        MetricRule(
            MetricName.PRIORITIES_UP_TO_DATE,
            "share of neighbourhoods with a public priority set or reviewed within the review "
            "interval (section 4.3, neighbourhoods_up_to_date_pct / 100)",
            "at_least",
            "priority_review_days",
        ),
        MetricRule(
            MetricName.PRIORITIES_PER_NEIGHBOURHOOD,
            "share of neighbourhoods with 3 to 5 public priorities open (section 4.5)",
            "at_least",
        ),
        MetricRule(
            MetricName.PRIORITIES_WITH_PLAN,
            "share of open priorities served by a problem-solving plan (section 4.5)",
            "at_least",
        ),
        MetricRule(
            MetricName.MEETING_CADENCE,
            "share of neighbourhoods whose last priority-setting meeting is within the "
            "meeting interval (section 4.4)",
            "at_least",
            "meeting_interval_days",
        ),
        MetricRule(
            MetricName.CONTACT_RESPONSIVENESS,
            "share of public contacts answered within the response time (section 4.4)",
            "at_least",
            "contact_response_hours",
        ),
        MetricRule(
            MetricName.NAMED_OFFICER_COVERAGE,
            "share of neighbourhoods with an active constable or PCSO posting (section 4.4)",
            "at_least",
        ),
        MetricRule(
            MetricName.PLANS_ASSESSED,
            "share of plans opened 90 days or more before the day with an assessment "
            "written (section 4.5)",
            "at_least",
        ),
    ]
}
