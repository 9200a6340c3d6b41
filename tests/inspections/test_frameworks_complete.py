"""The data migration loads the three frameworks of DESIGN.md section 3 complete: every code
and theme, every criterion sourced to lines that exist, looking-fors on every self-assessment
question, and a threshold beside every metric."""

import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from inspections.models import Criterion, MetricName

SHARED = Path(settings.BASE_DIR).parent / "shared"
# "seeds/004_9fc604fdf3343b13.txt lines 22417-22434", several joined by "; ".
REF = re.compile(r"^(?P<path>(?:seeds|domain-notes)/[\w.-]+) lines (?P<first>\d+)-(?P<last>\d+)$")

pytestmark = pytest.mark.django_db


def criteria(code: str) -> list[Criterion]:
    return list(Criterion.objects.filter(framework__code=code).order_by("order"))


def test_hmic_2008_has_the_fourteen_criteria_in_order(frameworks):
    assert [c.code for c in criteria("hmic-2008")] == [
        "NP-M1", "NP-M2", "NP-M3", "NP-M4", "NP-E1", "NP-E2", "NP-E3", "NP-E4",
        "CF-M1", "CF-M2", "CF-M3", "CF-M4", "CF-E1", "CF-E2",
    ]  # fmt: skip
    assert Counter(c.theme for c in criteria("hmic-2008")) == {
        "Neighbourhood Policing": 8,
        "Developing Citizen Focus Policing": 6,
    }
    assert frameworks["hmic-2008"].grades == ["exceeding", "meeting", "failing"]


def test_self_assessment_has_its_five_themes_with_their_question_counts(frameworks):
    items = criteria("npia-self-assessment")
    assert Counter(c.theme for c in items) == {
        "Access": 11,
        "Influence": 13,
        "Interventions": 8,
        "Answers": 3,
        "Reality checks": 4,
    }
    # Themes come in the template's order, and the questions in order within them.
    assert list(dict.fromkeys(c.theme for c in items)) == [
        "Access", "Influence", "Interventions", "Answers", "Reality checks",
    ]  # fmt: skip
    assert [c.code for c in items if c.theme == "Access"] == [f"ACC-Q{n}" for n in range(1, 12)]
    assert [c.code for c in items if c.theme == "Reality checks"] == [
        "RC-WEBSITE", "RC-CONTACT", "RC-RESIDENTS", "RC-BUSINESSES",
    ]  # fmt: skip
    assert frameworks["npia-self-assessment"].grades == ["green", "amber", "red"]


def test_guarantee_has_nine_commitments_graded_meeting_or_failing(frameworks):
    assert [c.code for c in criteria("np-guarantee-2025")] == [f"NPG-{n}" for n in range(1, 10)]
    assert frameworks["np-guarantee-2025"].grades == ["meeting", "failing"]


def test_every_self_assessment_question_has_looking_fors_numbered_from_one(frameworks):
    for criterion in criteria("npia-self-assessment"):
        codes = [item["code"] for item in criterion.looking_fors]
        assert codes == list(range(1, len(codes) + 1)), criterion.code
        assert codes, f"{criterion.code} has no looking-fors"
        assert all(item["text"].strip() for item in criterion.looking_fors), criterion.code
    # Counted by hand from the template: Access Q1 lists nine, the website check eight.
    by_code = {c.code: c for c in criteria("npia-self-assessment")}
    assert len(by_code["ACC-Q1"].looking_fors) == 9
    assert len(by_code["RC-WEBSITE"].looking_fors) == 8
    assert len(by_code["RC-BUSINESSES"].looking_fors) == 8


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"{SHARED} is not there")
def test_every_criterion_cites_lines_that_exist(frameworks):
    line_counts: dict[str, int] = {}
    for criterion in Criterion.objects.filter(framework__code__in=frameworks):
        assert criterion.source_ref, criterion.code
        for part in criterion.source_ref.split("; "):
            match = REF.match(part)
            assert match, f"{criterion.code}: cannot read {part!r}"
            path = match["path"]
            if path not in line_counts:
                with open(SHARED / path, encoding="utf-8") as handle:
                    line_counts[path] = sum(1 for _ in handle)
            first, last = int(match["first"]), int(match["last"])
            assert 1 <= first <= last <= line_counts[path], f"{criterion.code}: {part}"


def test_self_assessment_questions_cite_the_template_section(frameworks):
    for criterion in criteria("npia-self-assessment"):
        first, last = map(int, re.search(r"lines (\d+)-(\d+)", criterion.source_ref).groups())
        assert 22325 <= first <= last <= 23363, criterion.code


def test_metrics_come_from_the_list_and_carry_a_sourced_threshold(frameworks):
    with_metric = Criterion.objects.filter(framework__code__in=frameworks).exclude(metric="")
    assert {(c.framework.code, c.code, c.metric, str(c.threshold)) for c in with_metric} == {
        ("hmic-2008", "NP-M1", "supervision_span", "12.0000"),
        ("npia-self-assessment", "ACC-Q6", "abstraction_rate", "0.2000"),
        ("npia-self-assessment", "ACC-Q7", "meeting_cadence", "1.0000"),
        ("npia-self-assessment", "INF-Q12", "meeting_cadence", "1.0000"),
        ("npia-self-assessment", "INF-Q13", "priorities_per_neighbourhood", "0.8000"),
        ("npia-self-assessment", "INT-Q4", "priorities_with_plan", "1.0000"),
        ("npia-self-assessment", "INT-Q7", "plans_assessed", "0.8000"),
        ("npia-self-assessment", "INT-Q8", "priorities_up_to_date", "1.0000"),
        ("npia-self-assessment", "RC-CONTACT", "contact_responsiveness", "1.0000"),
        ("np-guarantee-2025", "NPG-1", "named_officer_coverage", "1.0000"),
        ("np-guarantee-2025", "NPG-2", "contact_responsiveness", "1.0000"),
        ("np-guarantee-2025", "NPG-3", "meeting_cadence", "1.0000"),
        ("np-guarantee-2025", "NPG-4", "priorities_up_to_date", "1.0000"),
        ("np-guarantee-2025", "NPG-7", "abstraction_rate", "0.5000"),
    }
    for criterion in with_metric:
        assert criterion.metric in MetricName.values
        assert criterion.threshold_ref.strip(), criterion.code
    # Every figure the inspections need (DESIGN.md section 4.5) informs some criterion.
    assert {c.metric for c in with_metric} == set(MetricName.values)


def test_criteria_without_a_metric_have_no_threshold(frameworks):
    without = Criterion.objects.filter(framework__code__in=frameworks, metric="")
    assert without.count() == 14 - 1 + 39 - 8 + 9 - 5
    assert not without.filter(threshold__isnull=False).exists()
