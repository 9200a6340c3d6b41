"""The demo force comes with a past self-assessment and an HMIC-style inspection, graded,
with recommendations, one repeated (issue 11, item 6)."""

import datetime as dt

import pytest

from inspections.models import Framework, Inspection, Recommendation
from inspections.selectors import inspection_grades, judgement_rag

pytestmark = pytest.mark.django_db


def test_two_inspections_graded_with_a_repeated_recommendation(short_demo):
    inspections = Inspection.objects.filter(force=short_demo.force).order_by("start_date")
    sa, hmic = inspections
    assert sa.framework.code == "npia-self-assessment" and sa.scope_type == "team"
    assert hmic.framework.code == "hmic-2008" and hmic.scope_type == "force"
    assert sa.start_date == short_demo.today - dt.timedelta(days=120)
    assert hmic.start_date == short_demo.today - dt.timedelta(days=14)
    # The loaded frameworks are used, none made.
    assert Framework.objects.count() == 3
    # Every question graded by the template's rule from its ticked looking-fors.
    for judgement in sa.judgements.select_related("criterion"):
        assert judgement.grade == (judgement_rag(judgement=judgement) or "")
    assert sa.theme_assessments.count() == 5
    assert not hmic.judgements.filter(grade="").exists()
    assert inspection_grades(inspection=hmic)["overall"] in ("failing", "meeting", "exceeding")
    # Evidence frozen for every criterion with a metric.
    assert not hmic.judgements.exclude(criterion__metric="").filter(computed_evidence={}).exists()
    repeated = Recommendation.objects.get(inspection=hmic, repeats__isnull=False)
    assert repeated.repeats.inspection == sa
    assert Recommendation.objects.filter(inspection__in=inspections).count() == 5
    assert Recommendation.objects.filter(inspection=sa, status="closed").count() == 1
