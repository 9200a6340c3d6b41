"""The meeting page, the event API and the team home read events through one rule,
``engagement.selectors.events_visible`` (issue 8, third and fourth holes).

Before: the meeting page hid force-level events (no team, no neighbourhood) from force-wide
roles that the event API showed them, and the team home dropped meetings logged for the team
with no neighbourhood.
"""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def force_event(world):
    return f.EventFactory(
        force=world.force, neighbourhood=None, team=None, title="Force open day", public=True
    )


@pytest.mark.parametrize(
    "persona,status",
    [
        ("force_viewer", 200),
        ("inspector", 200),
        ("force_admin", 200),
        ("sergeant", 404),
        ("partner", 404),
        ("outsider_admin", 404),
    ],
)
def test_meeting_page_and_api_agree_on_a_force_level_event(
    client_for, force_event, persona, status
):
    client = client_for(persona)
    page = client.get(f"/priorities/meetings/{force_event.pk}/")
    api = client.get(f"/api/v1/events/{force_event.pk}/")
    assert (page.status_code, api.status_code) == (status, status)


def test_team_home_lists_a_meeting_logged_for_the_team_without_a_neighbourhood(client_for, world):
    start = timezone.now() + dt.timedelta(days=2)
    f.EventFactory(
        force=world.force,
        team=world.alpha,
        neighbourhood=None,
        title="Team surgery",
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    body = client_for("sergeant").get("/").content.decode()
    assert "Team surgery" in body


def test_old_meeting_address_redirects(client_for, force_event):
    response = client_for("force_viewer").get(f"/engagement/meetings/{force_event.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/priorities/meetings/{force_event.pk}/"
