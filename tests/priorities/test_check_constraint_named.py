"""A check constraint that ``full_clean()`` catches is said in words and beside its field, not
as Django's form-wide "Constraint “priority_closed_not_before_set” is violated." (issue 12
item 5): moving a closed priority's date set after its closing date is a 400 naming
``date_set``, and nothing is saved."""

import datetime as dt

import pytest

from priorities.models import Priority
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_date_set_after_closing_is_a_400_naming_date_set(world, client_for):
    priority = f.PriorityFactory(
        neighbourhood=world.a1,
        date_set=dt.date(2025, 1, 10),
        status="closed",
        closed_on=dt.date(2025, 2, 1),
        outcome="resolved",
    )

    response = client_for("sergeant").patch(
        f"/api/v1/priorities/{priority.pk}/",
        {"version": priority.version, "date_set": "2025-03-01"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "date_set": ["The date set cannot be after the date the priority was closed."]
    }
    saved = Priority.objects.get(pk=priority.pk)
    assert (saved.date_set, saved.version) == (dt.date(2025, 1, 10), 1)
