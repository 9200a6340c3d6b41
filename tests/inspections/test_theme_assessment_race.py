"""Two assessors save the overall grade of the same theme at the same moment: the second
meets the database's ``theme_assessment_once_per_theme`` (its own check found no assessment,
as the first was not yet committed). It gets the form again with a message beside the grade,
not a server error, and nothing of it is saved (issue 12 item 5)."""

import datetime as dt

import pytest
from django.test import Client

from inspections import services
from inspections.models import ThemeAssessment
from tests.races import race

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hmic(world, frameworks):
    return services.inspection_open(
        framework=frameworks["hmic-2008"],
        scope_type="team",
        team=world.charlie,
        title="Charlie HMIC 2025",
        start_date=dt.date(2025, 6, 1),
    )


def test_second_of_two_racing_theme_grades_is_a_form_error(personas, hmic):
    client = Client()
    client.force_login(personas["inspector"])
    first = hmic.judgements.order_by("criterion__order").first()

    def other_assessor():
        ThemeAssessment.objects.create(
            inspection=hmic, theme="Neighbourhood Policing", grade="exceeding", comments="Theirs"
        )

    def submit():
        return client.post(
            f"/inspections/{hmic.pk}/themes/",
            {
                f"t{first.pk}-theme": "Neighbourhood Policing",
                f"t{first.pk}-grade": "meeting",
                f"t{first.pk}-comments": "Mine",
            },
        )

    raced = race(first=other_assessor, second=submit)

    assert raced.waited, "the page's INSERT should have waited on the other assessment"
    response = raced.value
    assert response.status_code == 400
    (theme,) = [
        t for t in response.context["sheet"]["themes"] if t["theme"] == "Neighbourhood Policing"
    ]
    form = theme["form"]
    assert form.data[f"t{first.pk}-comments"] == "Mine"  # what was typed is kept
    assert form.errors["grade"] == [
        "Someone else saved an overall grade for this theme at the same moment. Nothing of "
        "yours was saved: reload the page to see theirs, then change it if you need to."
    ]
    # Only the other assessor's row, and only its history: ours was not half-saved.
    rows = ThemeAssessment.objects.filter(inspection=hmic)
    assert [(a.grade, a.comments) for a in rows] == [("exceeding", "Theirs")]
    history = ThemeAssessment.history.filter(inspection_id=hmic.pk)
    assert [(h.grade, h.comments) for h in history] == [("exceeding", "Theirs")]
