"""Concurrent edits of a priority or a plan (DESIGN.md section 9, issue 12 item 5): two
people edit from the same version at the same moment. Here the first edit is still being
saved (its transaction open, its row locked) when the second arrives; the second waits for
it, then finds the version moved on and gets 409. The first edit is kept whole and nothing
of the second is saved: nothing is lost silently. Two connections, real commits."""

import pytest
from django.test import Client

from priorities.models import Priority
from priorities.services import priority_update
from problemsolving.models import Plan
from problemsolving.services import plan_update
from tests import factories as f
from tests.races import race

pytestmark = pytest.mark.django_db(transaction=True)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_second_of_two_racing_priority_edits_is_409(world, personas):
    priority = f.PriorityFactory(neighbourhood=world.a1, title="Speeding")
    client = _client(personas["sergeant"])

    raced = race(
        first=lambda: priority_update(priority=priority, version=1, title="Speeding, Mill Road"),
        second=lambda: client.patch(
            f"/api/v1/priorities/{priority.pk}/",
            {"version": 1, "title": "Speeding, High Street"},
            content_type="application/json",
        ),
    )

    assert raced.waited
    assert raced.value.status_code == 409
    assert raced.value.json()["error"]["code"] == "conflict"
    saved = Priority.objects.get(pk=priority.pk)
    assert (saved.title, saved.version) == ("Speeding, Mill Road", 2)


def test_second_of_two_racing_plan_edits_is_409(world, personas):
    plan = f.PlanFactory(neighbourhood=world.a1, objectives="")
    client = _client(personas["sergeant"])

    raced = race(
        first=lambda: plan_update(plan=plan, version=1, objectives="Halve the reports"),
        second=lambda: client.patch(
            f"/api/v1/plans/{plan.pk}/",
            {"version": 1, "objectives": "No reports by June"},
            content_type="application/json",
        ),
    )

    assert raced.waited
    assert raced.value.status_code == 409
    saved = Plan.objects.get(pk=plan.pk)
    assert (saved.objectives, saved.version) == ("Halve the reports", 2)
