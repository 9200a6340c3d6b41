"""A new priority, never formally reviewed, says "Review due", not "Reviewed"."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_new_priority_says_review_due(client_for, world):
    today = timezone.localdate()
    new = f.PriorityFactory(neighbourhood=world.a1, date_set=today - dt.timedelta(days=3))
    reviewed = f.PriorityFactory(neighbourhood=world.a1, date_set=today - dt.timedelta(days=40))
    f.PriorityReviewFactory(priority=reviewed, date=today - dt.timedelta(days=5))
    client = client_for("sergeant")
    page = client.get(f"/priorities/{new.pk}/").content.decode()
    assert "Review due" in page and ">Reviewed<" not in page
    assert "None yet" in page  # no formal review yet
    page = client.get(f"/priorities/{reviewed.pk}/").content.decode()
    assert ">Reviewed<" in page and "Review due<" not in page
