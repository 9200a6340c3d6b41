"""A priority's plans are listed through ``plans_visible`` (issue 8, second hole).

Before: the priority page listed every plan of the priority unfiltered, so a partner reading
a public priority saw the titles and stages of police-only plans. The list is now a fragment
of the problem-solving app (the priority page loads it), narrowed like every other plan list.
"""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def priority_with_plans(world):
    priority = f.PriorityFactory(neighbourhood=world.a1, title="Motorbikes on the rec", public=True)
    f.PlanFactory(
        priority=priority,
        neighbourhood=world.a1,
        title="Council-led motorbike plan",
        owner_partner=world.council,
    )
    f.PlanFactory(priority=priority, neighbourhood=world.a1, title="Covert observation op")
    return priority


def fragment(client, priority):
    return client.get(f"/plans/priority/{priority.pk}/").content.decode()


def test_partner_sees_its_own_plan_and_not_the_police_only_one(client_for, priority_with_plans):
    client = client_for("partner")
    page = client.get(f"/priorities/{priority_with_plans.pk}/").content.decode()
    body = fragment(client, priority_with_plans)
    assert "Council-led motorbike plan" in body
    assert "Covert observation op" not in body
    assert "Covert observation op" not in page


@pytest.mark.parametrize("persona", ["sergeant", "other_sergeant", "bcu_commander", "inspector"])
def test_police_see_every_plan_of_the_force(client_for, priority_with_plans, persona):
    body = fragment(client_for(persona), priority_with_plans)
    assert "Council-led motorbike plan" in body
    assert "Covert observation op" in body


def test_another_force_sees_none(client_for, priority_with_plans):
    body = fragment(client_for("outsider_admin"), priority_with_plans)
    assert "motorbike" not in body.lower()
    assert "Covert" not in body
