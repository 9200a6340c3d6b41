"""Starting a plan from a priority page, or for a BCU-tasked problem without one."""

import datetime as dt

import pytest

from problemsolving.models import Plan
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_priority_fragment_links_plans_and_offers_start_to_managers(client_for, world):
    priority = f.PriorityFactory(neighbourhood=world.a1)
    plan = f.PlanFactory(neighbourhood=world.a1, priority=priority, title="Precinct youths")
    html = client_for("sergeant").get(f"/plans/priority/{priority.pk}/").content.decode()
    assert f'href="/plans/{plan.pk}/"' in html
    assert f"/plans/start/?priority={priority.pk}" in html
    html = client_for("force_viewer").get(f"/plans/priority/{priority.pk}/").content.decode()
    assert f'href="/plans/{plan.pk}/"' in html
    assert "/plans/start/" not in html


def test_start_from_a_priority(client_for, world, personas):
    world.force.plan_review_days = 28
    world.force.save()
    priority = f.PriorityFactory(neighbourhood=world.a1, title="Speeding on Station Road")
    client = client_for("sergeant")
    form = client.get("/plans/start/", {"priority": priority.pk})
    assert "Speeding on Station Road" in form.content.decode()
    response = client.post(
        "/plans/start/",
        {
            "priority": priority.pk,
            "title": "Speeding on Station Road",
            "neighbourhood": world.a1.pk,
            "opened_on": "2025-01-31",
            "scan": "Cars at 50 in a 30 zone at school times.",
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan.pk}/"
    assert (plan.priority, plan.owner, plan.next_review_on) == (
        priority,
        personas["sergeant"],
        dt.date(2025, 2, 28),
    )


def test_start_a_bcu_tasked_plan(client_for, world):
    response = client_for("sergeant").post(
        "/plans/start/",
        {
            "title": "Catalytic converter thefts",
            "neighbourhood": world.a2.pk,
            "opened_on": "2025-03-01",
            "scan": "",
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert (plan.priority, plan.neighbourhood) == (None, world.a2)


def test_others_cannot_start(client_for, world):
    priority = f.PriorityFactory(neighbourhood=world.a1)
    assert client_for("force_viewer").get("/plans/start/").status_code == 404
    assert (
        client_for("other_sergeant").get("/plans/start/", {"priority": priority.pk}).status_code
        == 404
    )
    # Another team's neighbourhood is not a choice.
    response = client_for("other_sergeant").post(
        "/plans/start/",
        {"title": "x", "neighbourhood": world.a1.pk, "opened_on": "2025-03-01"},
    )
    assert response.status_code == 200
    assert not Plan.objects.exists()
