"""Which side of a criterion's threshold meets it: limits (abstraction, span) are met at or
below the threshold, shares at or above it; no figure, no verdict."""

from decimal import Decimal

import pytest

from inspections.metrics import METRIC_RULES
from inspections.models import MetricName


def test_every_metric_has_a_rule():
    assert set(METRIC_RULES) == set(MetricName.values)


@pytest.mark.parametrize(
    ("metric", "value", "threshold", "expected"),
    [
        # 8 h of response cover in 32 working hours is 0.25 against a 0.20 limit (issue 11).
        ("abstraction_rate", 0.25, Decimal("0.20"), False),
        ("abstraction_rate", 0.20, Decimal("0.20"), True),
        ("abstraction_rate", 0.0, Decimal("0.20"), True),
        # Cambridgeshire, December 2007: 300 / 31 = 9.68 per sergeant against 12.
        ("supervision_span", 9.68, Decimal("12"), True),
        ("supervision_span", 12.01, Decimal("12"), False),
        ("priorities_with_plan", 1.0, Decimal("1.0"), True),
        ("priorities_with_plan", 0.9, Decimal("1.0"), False),
        ("priorities_per_neighbourhood", 0.8, Decimal("0.8"), True),
        ("priorities_per_neighbourhood", 0.75, Decimal("0.8"), False),
        ("meeting_cadence", None, Decimal("1.0"), None),
    ],
)
def test_met(metric, value, threshold, expected):
    assert METRIC_RULES[metric].met(value, threshold) is expected
