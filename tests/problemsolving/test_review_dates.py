"""``next_review_on`` follows Force.plan_review_days: set on opening and after each review,
never typed in (DESIGN.md section 3)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from problemsolving.services import plan_create, plan_review_add, plan_update
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_first_review_across_a_month_end(world):
    world.force.plan_review_days = 28
    world.force.save()
    plan = plan_create(neighbourhood=world.a1, title="Fly-tipping", opened_on=dt.date(2025, 1, 31))
    assert plan.next_review_on == dt.date(2025, 2, 28)


def test_each_review_sets_the_next_from_its_date(world, personas):
    world.force.plan_review_days = 14
    world.force.save()
    plan = plan_create(neighbourhood=world.a1, title="Fly-tipping", opened_on=dt.date(2025, 1, 1))
    assert plan.next_review_on == dt.date(2025, 1, 15)
    plan_review_add(plan=plan, date=dt.date(2025, 2, 20), reviewer=personas["sergeant"], notes="ok")
    plan.refresh_from_db()
    assert plan.next_review_on == dt.date(2025, 3, 6)
    # A review entered late, dated before the latest one, does not pull the date back.
    plan_review_add(
        plan=plan, date=dt.date(2025, 2, 1), reviewer=personas["sergeant"], notes="late"
    )
    plan.refresh_from_db()
    assert plan.next_review_on == dt.date(2025, 3, 6)
    assert plan.version == 1  # a review does not make an open editor's copy stale


def test_review_date_cannot_be_typed_in(world):
    plan = plan_create(neighbourhood=world.a1, title="Fly-tipping", opened_on=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError) as error:
        plan_update(plan=plan, version=1, next_review_on=dt.date(2026, 1, 1))
    assert "next_review_on" in error.value.message_dict


def test_review_history_is_kept(world, personas):
    plan = f.PlanFactory(neighbourhood=world.a1)
    review = plan_review_add(
        plan=plan, date=dt.date(2025, 2, 1), reviewer=personas["sergeant"], notes="ok"
    )
    assert review.history.count() == 1
    assert review.history.first().history_user == personas["sergeant"]
