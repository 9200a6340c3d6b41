"""delete_force removes a generated force and everything in it, leaves other forces alone,
and writes no "deleted" history rows for the rows it removes with plain SQL."""

import pytest

from accounts.models import User
from demo.delete import delete_force
from priorities.models import Priority, PriorityReview
from problemsolving.models import Action, Plan, PlanReview
from teams.models import BCU, DutyRecord, Force, Neighbourhood, Team
from tests.factories import (
    ActionFactory,
    BCUFactory,
    DutyRecordFactory,
    NeighbourhoodFactory,
    PlanFactory,
    PlanReviewFactory,
    PriorityFactory,
    PriorityReviewFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def small_force(slug: str) -> Force:
    """One BCU, neighbourhood and team; 2 duty records; a priority with 1 review; a plan for
    it with 1 action and 1 review; 1 user scoped to the force."""
    bcu = BCUFactory(force__slug=slug)
    hood = NeighbourhoodFactory(bcu=bcu)
    team = TeamFactory(bcu=bcu, neighbourhoods=[hood])
    DutyRecordFactory.create_batch(2, team=team)
    priority = PriorityFactory(neighbourhood=hood)
    PriorityReviewFactory(priority=priority)
    plan = PlanFactory(neighbourhood=hood, priority=priority)
    ActionFactory(plan=plan)
    PlanReviewFactory(plan=plan)
    UserFactory(username=f"{slug}_viewer", force=bcu.force)
    return bcu.force


def test_delete_force_removes_only_that_force_and_writes_no_deletion_history():
    doomed = small_force("doomed")
    kept = small_force("kept")

    delete_force(doomed)

    assert list(Force.objects.values_list("slug", flat=True)) == ["kept"]
    # What is left is exactly the kept force's one of each (two duty records).
    assert BCU.objects.get().force == kept
    assert Neighbourhood.objects.get().force == kept
    assert Team.objects.get().bcu.force == kept
    assert DutyRecord.objects.filter(team__bcu__force=kept).count() == 2
    assert DutyRecord.objects.count() == 2
    for model in (Priority, PriorityReview, Plan, Action, PlanReview):
        assert model.objects.count() == 1, model.__name__
    assert list(User.objects.values_list("username", flat=True)) == ["kept_viewer"]
    # The plain DELETEs send no signals: no "-" (deleted) history rows.
    assert not Priority.history.filter(history_type="-").exists()
    assert not Plan.history.filter(history_type="-").exists()
