import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from npms.exceptions import StaleEdit
from priorities.services import priority_close
from problemsolving.services import (
    action_complete,
    action_create,
    plan_advance,
    plan_create,
    plan_review_add,
    plan_update,
)
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(world, personas):
    priority = f.PriorityFactory(neighbourhood=world.a1)
    return plan_create(
        neighbourhood=world.a1,
        title="Elm Park dealing",
        opened_on=dt.date(2025, 2, 1),
        priority=priority,
        owner=personas["sergeant"],
        scan="Dealing near the play area.",
    )


def test_cannot_skip_to_response_without_the_analysis_triangle(plan):
    with pytest.raises(ValidationError) as error:
        plan_advance(plan=plan, version=1, stage="response")
    assert set(error.value.message_dict) == {"victim", "offender", "location"}
    plan.refresh_from_db()
    assert plan.stage == "scan"


def test_full_sara_cycle_to_closure(plan):
    plan = plan_advance(plan=plan, version=1, stage="analysis")
    plan = plan_update(
        plan=plan,
        version=2,
        victim="Families using the park",
        offender="Two known dealers",
        location="Unlit path behind the play area",
    )
    plan = plan_advance(plan=plan, version=3, stage="response")
    action = action_create(plan=plan, category="prevention", description="Council to light path")
    action_complete(action=action, done_on=dt.date(2025, 3, 1))
    plan = plan_update(plan=plan, version=4, response_summary="Lighting fitted, patrols")
    plan = plan_advance(plan=plan, version=5, stage="assessment")
    plan = plan_update(plan=plan, version=6, assessment="Calls down from 14 to 3 a month")
    with pytest.raises(ValidationError) as error:
        plan_advance(plan=plan, version=7, stage="closed")
    assert "outcome" in error.value.message_dict
    priority_close(
        priority=plan.priority,
        version=1,
        closed_on=dt.date(2025, 4, 30),
        outcome="resolved",
        public_signoff=True,
    )
    plan = plan_advance(
        plan=plan,
        version=7,
        stage="closed",
        outcome="reduced",
        closed_on=dt.date(2025, 5, 1),
        closure_justification="Residents at the May panel said the park is usable again.",
    )
    assert (plan.stage, plan.outcome, plan.closed_on, plan.version) == (
        "closed",
        "reduced",
        dt.date(2025, 5, 1),
        8,
    )
    with pytest.raises(ValidationError) as error:
        action_create(plan=plan, category="enforcement", description="Too late")
    assert "plan" in error.value.message_dict


def test_stale_plan_edit_is_refused(plan):
    plan_update(plan=plan, version=1, title="New title")
    with pytest.raises(StaleEdit):
        plan_update(plan=plan, version=1, title="Stale title")


def test_priority_of_another_neighbourhood_is_refused(world):
    other = f.PriorityFactory(neighbourhood=world.b1)
    with pytest.raises(ValidationError) as error:
        plan_create(
            neighbourhood=world.a1, title="x", opened_on=dt.date(2025, 1, 1), priority=other
        )
    assert "priority" in error.value.message_dict


def test_action_category_must_be_epic(plan):
    with pytest.raises(ValidationError) as error:
        action_create(plan=plan, category="hope", description="Wait and see")
    assert "category" in error.value.message_dict


def test_review_cannot_predate_the_plan(plan, personas):
    with pytest.raises(ValidationError) as error:
        plan_review_add(
            plan=plan, date=dt.date(2025, 1, 1), reviewer=personas["sergeant"], notes="x"
        )
    assert "date" in error.value.message_dict
    review = plan_review_add(
        plan=plan, date=dt.date(2025, 2, 15), reviewer=personas["sergeant"], notes="On track"
    )
    assert review.pk
