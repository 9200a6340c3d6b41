"""The public neighbourhood page /n/<force>/<code>/ (issue 4, item 7): public data only."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_page_shows_team_priorities_what_we_did_and_meetings(
    client, world, django_assert_num_queries
):
    world.a1.telephone = "101 ext 4321"
    world.a1.email = "abbey.npt@testshire.police.uk"
    world.a1.save()
    sergeant = f.MemberFactory(force=world.force, name="Sgt Sam Smith")
    f.PostingFactory(member=sergeant, team=world.alpha, role="sergeant")
    f.PostingFactory(
        member=f.MemberFactory(force=world.force, name="PC Gone"),
        team=world.alpha,
        start_date=dt.date(2020, 1, 1),
        end_date=dt.date(2021, 1, 1),
    )
    speeding = f.PriorityFactory(neighbourhood=world.a1, title="Speeding on Station Road")
    f.PriorityReviewFactory(
        priority=speeding, kind="update", date=dt.date(2025, 2, 1), text="Old news"
    )
    f.PriorityReviewFactory(
        priority=speeding, kind="feedback", date=dt.date(2025, 3, 1), text="Speed checks done"
    )
    f.PriorityReviewFactory(
        priority=speeding, kind="review", date=dt.date(2025, 3, 2), text="Police only", public=False
    )
    f.PriorityFactory(neighbourhood=world.a1, title="Covert job", public=False)
    f.PriorityFactory(
        neighbourhood=world.a1,
        title="Litter in the park",
        status="closed",
        closed_on=dt.date(2025, 2, 1),
        outcome="resolved",
        public_signoff=True,
    )
    f.PriorityFactory(neighbourhood=world.a2, title="Arbury priority")
    f.EventFactory(neighbourhood=world.a1, title="Abbey PACT meeting")
    f.EventFactory(neighbourhood=world.a1, title="Private briefing", public=False)
    f.EventFactory(
        neighbourhood=world.a1,
        title="Last month's meeting",
        start=timezone.now() - dt.timedelta(days=30),
    )
    f.KeyIndividualFactory(neighbourhood=world.a1, name="Mrs Key Individual")
    # No session or user (anonymous): 1 neighbourhood (+force, boundary as GeoJSON),
    # 2 open priorities (+latest public action), 3 closed ones, 4 meetings, 5 team people.
    with django_assert_num_queries(5):
        response = client.get("/n/testshire/A1/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Abbey" in body and "101 ext 4321" in body and "abbey.npt@testshire.police.uk" in body
    assert "Sgt Sam Smith" in body and "PC Gone" not in body
    assert "Speeding on Station Road" in body
    assert "Speed checks done" in body  # the latest public action
    assert "Old news" not in body and "Police only" not in body
    assert "Covert job" not in body and "Arbury priority" not in body
    assert "Litter in the park" in body and "agreed by the community meeting" in body
    assert "Abbey PACT meeting" in body
    assert "Private briefing" not in body and "Last month" not in body
    assert "Mrs Key Individual" not in body
    assert 'id="map-data"' in body and "MultiPolygon" in body


@pytest.mark.parametrize("path", ["/n/testshire/ZZ9/", "/n/nowhere/A1/", "/n/otherforce/A1/"])
def test_unknown_is_404(client, world, path):
    assert client.get(path).status_code == 404
