"""The inspections models refuse what the frameworks do not allow: in the database (unknown
metric, a metric without a threshold, unknown grades, a recommendation repeating itself) and
in ``full_clean`` (a grade of another framework, a looking-for the criterion does not have,
a "repeat" of a later inspection's recommendation)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from inspections.models import Criterion, Framework, Judgement, Recommendation

pytestmark = pytest.mark.django_db


def refused(**changes) -> bool:
    try:
        with transaction.atomic():
            Criterion.objects.filter(framework__code="hmic-2008", code="NP-M2").update(**changes)
    except IntegrityError:
        return True
    return False


def test_database_refuses_unknown_metrics_and_metrics_without_threshold(frameworks):
    assert refused(metric="response_time", threshold=1)
    assert refused(metric="abstraction_rate")  # no threshold
    assert refused(threshold=1)  # a threshold with no metric
    assert not refused(metric="abstraction_rate", threshold="0.2")


def test_database_refuses_unknown_grades_on_a_framework(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Framework.objects.create(code="made-up", name="Made up", grades=["good", "poor"])
    Framework.objects.create(code="ok", name="OK", grades=["meeting", "failing"])


def test_a_grade_must_belong_to_the_framework(inspection_of):
    judgement = Judgement.objects.get(
        inspection=inspection_of("hmic-2008"), criterion__code="NP-M1"
    )
    judgement.grade = "green"
    with pytest.raises(ValidationError) as error:
        judgement.full_clean()
    assert "grade" in error.value.message_dict
    judgement.grade = "exceeding"
    judgement.full_clean()


def test_looking_fors_ticked_must_be_the_criterions(inspection_of):
    judgement = Judgement.objects.get(
        inspection=inspection_of("npia-self-assessment"), criterion__code="INT-Q3"
    )  # two looking-fors
    for bad in ([3], [1, 1], "1,2"):
        judgement.looking_fors_met = bad
        with pytest.raises(ValidationError) as error:
            judgement.full_clean()
        assert "looking_fors_met" in error.value.message_dict
    judgement.looking_fors_met = [2, 1]
    judgement.full_clean()


def test_a_repeat_points_back_to_an_earlier_inspection(inspection_of):
    earlier = inspection_of("hmic-2008")
    later = inspection_of("hmic-2008")
    later.start_date = dt.date(2026, 6, 1)
    later.save()
    first = Recommendation.objects.create(inspection=earlier, text="Publish meeting dates.")
    again = Recommendation(inspection=later, text="Publish meeting dates.", repeats=first)
    again.full_clean()
    again.save()

    backwards = Recommendation(inspection=earlier, text="x", repeats=again)
    with pytest.raises(ValidationError) as error:
        backwards.full_clean()
    assert "repeats" in error.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        Recommendation.objects.filter(pk=first.pk).update(repeats=first)
