import pytest

from npms.exceptions import StaleEdit
from priorities.services import priority_update
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_later_save_with_stale_version_is_refused_and_loses_nothing(world):
    priority = f.PriorityFactory(neighbourhood=world.a1, title="Original")
    # Two people open version 1. The first saves:
    priority_update(priority=priority, version=1, title="First editor's title")
    # The second saves on top of version 1: refused, and the first edit stays.
    with pytest.raises(StaleEdit) as error:
        priority_update(priority=priority, version=1, title="Second editor's title")
    assert error.value.expected == 1 and error.value.current == 2
    priority.refresh_from_db()
    assert (priority.title, priority.version) == ("First editor's title", 2)


def test_update_refuses_fields_it_does_not_own(world):
    from django.core.exceptions import ValidationError

    priority = f.PriorityFactory(neighbourhood=world.a1)
    with pytest.raises(ValidationError) as error:
        priority_update(priority=priority, version=1, status="closed")
    assert "status" in error.value.message_dict
