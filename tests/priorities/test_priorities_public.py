"""A neighbourhood's public priorities with what the public was last told: the one selector
behind the public page and police.uk's /priorities."""

import datetime as dt

import pytest

from priorities.selectors import priorities_public
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_public_priorities_with_their_latest_public_review(world, django_assert_num_queries):
    speeding = f.PriorityFactory(neighbourhood=world.a1, title="Speeding")
    f.PriorityReviewFactory(priority=speeding, kind="review", date=dt.date(2025, 2, 1), text="Old")
    # Two on the same day: the one written last wins.
    f.PriorityReviewFactory(
        priority=speeding, kind="update", date=dt.date(2025, 3, 1), text="First of the day"
    )
    f.PriorityReviewFactory(
        priority=speeding, kind="feedback", date=dt.date(2025, 3, 1), text="Speed checks done"
    )
    # Later but police only: never shown.
    f.PriorityReviewFactory(
        priority=speeding, kind="review", date=dt.date(2025, 3, 9), text="Secret", public=False
    )
    f.PriorityFactory(neighbourhood=world.a1, title="Litter")  # nothing said yet
    f.PriorityFactory(neighbourhood=world.a1, title="Covert", public=False)
    f.PriorityFactory(neighbourhood=world.a2, title="Arbury's")

    with django_assert_num_queries(1):
        rows = sorted(
            priorities_public(neighbourhood=world.a1).values_list("title", "action", "action_date")
        )
    assert rows == [
        ("Litter", None, None),
        ("Speeding", "Speed checks done", dt.date(2025, 3, 1)),
    ]
