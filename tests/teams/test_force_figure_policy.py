"""The force's green points for the figures of DESIGN.md 4.5 (Force.priorities_in_range_green,
priorities_with_plan_green, plans_assessed_green): defaults from the seeds, fractions only."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from teams.models import Force

pytestmark = pytest.mark.django_db

FIELDS = ("priorities_in_range_green", "priorities_with_plan_green", "plans_assessed_green")


def test_defaults_from_the_seeds():
    force = Force.objects.create(slug="newshire", name="Newshire Police")
    # Virtually all neighbourhoods in 3-5 and plans assessed (0.8); every priority planned.
    assert [getattr(force, name) for name in FIELDS] == [
        Decimal("0.800"),
        Decimal("1.000"),
        Decimal("0.800"),
    ]


@pytest.mark.parametrize("name", FIELDS)
@pytest.mark.parametrize("value", ["1.001", "-0.001"])
def test_a_share_outside_0_to_1_is_refused(world, name, value):
    force = world.force
    setattr(force, name, Decimal(value))
    with pytest.raises(ValidationError) as caught:
        force.full_clean()
    assert name in caught.value.message_dict
    # ... and by the database when a caller skips validation.
    with pytest.raises(IntegrityError), transaction.atomic():
        Force.objects.filter(pk=force.pk).update(**{name: Decimal(value)})
