import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from priorities.models import Priority
from priorities.services import priority_create
from tests import factories as f

pytestmark = pytest.mark.django_db

GOOD = dict(
    title="Drug dealing in Elm Park",
    description="Residents report dealing near the play area.",
    category="drugs",
    source="meeting",
    set_by="public",
    date_set=dt.date(2025, 5, 1),
    where="Elm Park, by the play area",
    when="Evenings 6-10pm, weekends",
    who="Young men on bikes; parents of children using the park",
)


def test_creates_an_open_priority_with_version_one(world):
    priority = priority_create(neighbourhood=world.a1, **GOOD)
    assert priority.status == "open"
    assert priority.version == 1
    assert priority.history.count() == 1


@pytest.mark.parametrize("missing", ["where", "when"])
def test_vague_priority_is_refused_naming_the_missing_detail(world, missing):
    data = {**GOOD, missing: "  "}
    with pytest.raises(ValidationError) as error:
        priority_create(neighbourhood=world.a1, **data)
    assert missing in error.value.message_dict
    assert not Priority.objects.exists()


def test_tackle_asb_with_nothing_else_is_refused(world):
    with pytest.raises(ValidationError) as error:
        priority_create(
            neighbourhood=world.a1,
            title="Tackle ASB",
            description="Tackle ASB",
            category="asb",
            source="police",
            set_by="police",
            date_set=dt.date(2025, 5, 1),
        )
    assert set(error.value.message_dict) == {"where", "when"}


def test_imports_may_skip_the_detail(world):
    priority = priority_create(
        neighbourhood=world.a1,
        title="Speeding",
        description="Speeding on the A10",
        category="road_safety",
        source="online",
        set_by="public",
        date_set=dt.date(2025, 5, 1),
        require_detail=False,
    )
    assert priority.pk


def test_unknown_category_names_the_field(world):
    with pytest.raises(ValidationError) as error:
        priority_create(neighbourhood=world.a1, **{**GOOD, "category": "weather"})
    assert "category" in error.value.message_dict


def test_meeting_of_another_force_is_refused(world):
    meeting = f.EventFactory(neighbourhood=world.other_neighbourhood)
    with pytest.raises(ValidationError) as error:
        priority_create(neighbourhood=world.a1, raised_at=meeting, **GOOD)
    assert "raised_at" in error.value.message_dict
