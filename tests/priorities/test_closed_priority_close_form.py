"""A closed priority offers no close form (issue 13): the close page sends the sergeant back
to the priority's page, and neither it nor the priority page shows the form."""

import datetime as dt

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_closed_priority_has_no_close_form(client_for, world):
    priority = f.PriorityFactory(
        neighbourhood=world.a1,
        title="Youths on Mill Road",
        date_set=dt.date(2025, 1, 1),
        status="closed",
        closed_on=dt.date(2025, 2, 1),
        outcome="resolved",
    )
    client = client_for("sergeant")
    response = client.get(f"/priorities/{priority.pk}/close/")
    assert response.status_code == 302
    assert response["Location"] == f"/priorities/{priority.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "is already closed" in page
    assert "Close priority" not in page and 'name="outcome"' not in page
    assert "Reopen priority" in page
