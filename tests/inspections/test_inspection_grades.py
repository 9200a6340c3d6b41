"""``inspection_grades`` applies the framework's rule to an inspection's judgements: per HMIC
area, per self-assessment theme, per Guarantee theme, and overall, in one query."""

import pytest

from inspections.models import Judgement
from inspections.selectors import inspection_grades, judgement_rag

pytestmark = pytest.mark.django_db

MEETS_ALL = {code: "meeting" for code in ["NP-M1", "NP-M2", "NP-M3", "NP-M4"]}
CF_MEETS = {code: "meeting" for code in ["CF-M1", "CF-M2", "CF-M3", "CF-M4"]}


def test_hmic_lancashire_2008_exceeds_in_both_areas(inspection_of, django_assert_num_queries):
    grades = {**MEETS_ALL, **CF_MEETS}
    grades.update({code: "meeting" for code in ["NP-E1", "NP-E2", "NP-E3", "NP-E4"]})
    grades.update({"CF-E1": "meeting", "CF-E2": "exceeding"})
    inspection = inspection_of("hmic-2008", grades)
    with django_assert_num_queries(1):  # the judgements (the framework is already loaded)
        result = inspection_grades(inspection=inspection)
    assert result == {
        "themes": [
            {"theme": "Neighbourhood Policing", "grade": "exceeding"},
            {"theme": "Developing Citizen Focus Policing", "grade": "exceeding"},
        ],
        "overall": "exceeding",
    }


def test_hmic_one_failing_criterion_fails_its_area_and_the_whole(inspection_of):
    grades = {**MEETS_ALL, **CF_MEETS, "CF-M4": "failing", "NP-E1": "failing"}
    result = inspection_grades(inspection=inspection_of("hmic-2008", grades))
    assert result == {
        "themes": [
            {"theme": "Neighbourhood Policing", "grade": "meeting"},
            {"theme": "Developing Citizen Focus Policing", "grade": "failing"},
        ],
        "overall": "failing",
    }


def test_self_assessment_suggests_a_grade_per_theme(inspection_of):
    grades = {f"ACC-Q{n}": "green" for n in range(1, 12)}
    grades["ACC-Q6"] = "amber"  # 10 of 11 green, none red: green
    grades.update({"ANS-Q1": "red", "ANS-Q2": "red", "ANS-Q3": "green"})  # 2 of 3 red: red
    result = inspection_grades(inspection=inspection_of("npia-self-assessment", grades))
    assert result == {
        "themes": [
            {"theme": "Access", "grade": "green"},
            {"theme": "Influence", "grade": None},
            {"theme": "Interventions", "grade": None},
            {"theme": "Answers", "grade": "red"},
            {"theme": "Reality checks", "grade": None},
        ],
        "overall": None,
    }


def test_guarantee_fails_with_one_commitment_unmet(inspection_of):
    grades = {f"NPG-{n}": "meeting" for n in range(1, 10)}
    grades["NPG-7"] = "failing"
    result = inspection_grades(inspection=inspection_of("np-guarantee-2025", grades))
    assert result["overall"] == "failing"
    assert {"theme": "Police back on the beat", "grade": "failing"} in result["themes"]
    assert {"theme": "Community-led policing", "grade": "meeting"} in result["themes"]


def test_judgement_rag_counts_the_ticked_looking_fors(inspection_of):
    inspection = inspection_of("npia-self-assessment")
    judgement = Judgement.objects.get(inspection=inspection, criterion__code="ACC-Q1")
    judgement.looking_fors_met = [1, 2, 3, 4, 5, 6, 7, 8]  # 8 of 9
    assert judgement_rag(judgement=judgement) == "green"
    judgement.serious_omission = True
    assert judgement_rag(judgement=judgement) == "amber"
    judgement.looking_fors_met = [1, 2, 3, 4]  # 4 of 9 is not a majority
    assert judgement_rag(judgement=judgement) == "red"


def test_judgement_rag_is_none_without_looking_fors(inspection_of):
    inspection = inspection_of("hmic-2008")
    judgement = Judgement.objects.get(inspection=inspection, criterion__code="NP-M1")
    assert judgement_rag(judgement=judgement) is None
