"""The priority's history page names fields and values in words (issue 12, item 2): it used to
show ``public_signoff: - -> True``."""

import datetime as dt

import pytest

from priorities.services import priority_close
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_closing_reads_in_words(client_for, world, personas):
    priority = f.PriorityFactory(neighbourhood=world.a1, date_set=dt.date(2025, 1, 1))
    priority_close(
        priority=priority,
        version=priority.version,
        closed_on=dt.date(2025, 3, 2),
        outcome="resolved",
        public_signoff=True,
        author=personas["sergeant"],
    )
    body = client_for("sergeant").get(f"/priorities/{priority.pk}/history/").content.decode()
    assert "<strong>Public signoff</strong>: No → Yes" in body
    assert "<strong>Status</strong>: Open → Closed" in body
    assert "<strong>Closed on</strong>: – → 2 Mar 2025" in body
    assert "<strong>Outcome</strong>: – → Resolved" in body
    assert "public_signoff" not in body and "True" not in body
