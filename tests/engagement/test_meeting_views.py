"""The team's meetings list and a meeting's page (issue 4, item 2)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_upcoming_and_recent(client_for, world, django_assert_num_queries):
    now = timezone.now()
    f.EventFactory(neighbourhood=world.a1, title="Abbey PACT", start=now + dt.timedelta(days=3))
    f.EventFactory(
        neighbourhood=world.a2,
        title="Arbury surgery",
        kind="surgery",
        start=now - dt.timedelta(days=3),
    )
    f.EventFactory(neighbourhood=world.b1, title="Barnwell PACT")
    client = client_for("officer")
    # 1 session, 2 user, 3 team, 4 upcoming (+neighbourhood), 5 recent.
    with django_assert_num_queries(5):
        response = client.get(f"/engagement/teams/{world.alpha.pk}/meetings/")
    body = response.content.decode()
    assert (
        body.index("Upcoming")
        < body.index("Abbey PACT")
        < body.index("Recent")
        < body.index("Arbury surgery")
    )
    assert "Barnwell PACT" not in body


@pytest.mark.parametrize(
    "persona,status",
    [("sergeant", 200), ("bcu_commander", 200), ("other_sergeant", 404), ("partner", 404)],
)
def test_list_scope(client_for, world, persona, status):
    assert (
        client_for(persona).get(f"/engagement/teams/{world.alpha.pk}/meetings/").status_code
        == status
    )


def test_meeting_page_scope_and_minutes_for_police_only(client_for, world):
    event = f.EventFactory(neighbourhood=world.a1, team=world.alpha, minutes="Secret minutes")
    url = f"/priorities/meetings/{event.pk}/"
    assert "Secret minutes" in client_for("sergeant").get(url).content.decode()
    partner_view = client_for("partner").get(url)  # a public meeting in the council's A1
    assert partner_view.status_code == 200
    assert "Secret minutes" not in partner_view.content.decode()
    assert client_for("other_sergeant").get(url).status_code == 404
    private = f.EventFactory(neighbourhood=world.a1, public=False)
    assert client_for("partner").get(f"/priorities/meetings/{private.pk}/").status_code == 404
