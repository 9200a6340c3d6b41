"""How the inspection pages write a criterion's figure, its threshold and a grade."""

import datetime as dt

from django import template

from inspections.metrics import METRIC_RULES
from inspections.models import Grade, MetricName

register = template.Library()

GRADE_LABELS = dict(Grade.choices)
# The colour beside a grade's words (never the colour alone, DESIGN.md section 7).
GRADE_CLASSES = {
    "red": "rag--red",
    "failing": "rag--red",
    "amber": "rag--amber",
    "green": "rag--green",
    "meeting": "rag--green",
    "exceeding": "rag--green",
}


def _number(metric: str, value) -> str:
    if value is None:
        return "none"
    if metric == MetricName.SUPERVISION_SPAN:
        return f"1:{float(value):.1f}"
    return f"{float(value) * 100:.1f}%"


@register.filter
def figure(evidence: dict | None) -> str:
    """'25.0%' or '1:13.0' for an evidence dict; 'nothing to count' when it has no value."""
    if not evidence:
        return ""
    if evidence.get("value") is None:
        return "nothing to count"
    return _number(evidence["metric"], evidence["value"])


@register.filter
def threshold(evidence: dict | None) -> str:
    """'at most 20.0%' or 'at least 80.0%' for an evidence dict."""
    if not evidence:
        return ""
    rule = METRIC_RULES[evidence["metric"]]
    words = "at most" if rule.comparison == "at_most" else "at least"
    return f"{words} {_number(evidence['metric'], evidence['threshold'])}"


@register.filter
def met_words(evidence: dict | None) -> str:
    if not evidence:
        return ""
    return {True: "Met", False: "Not met", None: "Nothing to judge"}[evidence.get("met")]


@register.filter
def met_class(evidence: dict | None) -> str:
    if not evidence:
        return "rag--none"
    return {True: "rag--green", False: "rag--red", None: "rag--none"}[evidence.get("met")]


@register.filter
def period(evidence: dict | None) -> str:
    """'4 Mar 2025 to 1 Jun 2025' or 'on 1 Jun 2025'."""
    if not evidence:
        return ""

    def fmt(text: str) -> str:
        return dt.date.fromisoformat(text).strftime("%-d %b %Y")

    if "as_of" in evidence:
        return f"on {fmt(evidence['as_of'])}"
    return f"{fmt(evidence['start'])} to {fmt(evidence['end'])}"


@register.filter
def metric_label(evidence: dict | None) -> str:
    if not evidence:
        return ""
    return MetricName(evidence["metric"]).label


@register.filter
def grade_label(grade: str | None) -> str:
    return GRADE_LABELS.get(grade or "", "Not graded")


@register.filter
def grade_class(grade: str | None) -> str:
    return GRADE_CLASSES.get(grade or "", "rag--none")


@register.filter
def signed_change(value, metric: str = "") -> str:
    """A change between two inspections' figures: '+5.0 points' for a share, '+1.2' for a
    span."""
    if value is None:
        return ""
    if metric == MetricName.SUPERVISION_SPAN:
        return f"{float(value):+.1f}"
    return f"{float(value) * 100:+.1f} points"
