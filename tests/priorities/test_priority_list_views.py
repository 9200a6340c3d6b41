"""Priority list and detail pages (issue 4, item 3): scope for every role, age and review
status, public-only view for partners. These read only; no service is called."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def priority(world):
    return f.PriorityFactory(
        neighbourhood=world.a1,
        title="Youths on Mill Road",
        where="The shops on Mill Road",
        when="Fridays 7pm to 11pm",
        who="Residents of Mill Road",
        date_set=dt.date(2025, 1, 1),
    )


# -- list ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona,status",
    [
        ("sergeant", 200),
        ("officer", 200),
        ("bcu_commander", 200),
        ("force_admin", 200),
        ("other_sergeant", 404),
        ("partner", 404),
        ("outsider_admin", 404),
    ],
)
def test_list_scope(client_for, world, persona, status):
    assert client_for(persona).get(f"/priorities/teams/{world.alpha.pk}/").status_code == status


def test_list_shows_age_and_review_status(client_for, world, django_assert_num_queries):
    today = timezone.localdate()
    stale = f.PriorityFactory(
        neighbourhood=world.a1, title="Stale one", date_set=today - dt.timedelta(days=120)
    )
    fresh = f.PriorityFactory(
        neighbourhood=world.a2, title="Fresh one", date_set=today - dt.timedelta(days=120)
    )
    # Reviewed 30 days ago: 30 <= 90, up to date. The stale one's last review is its
    # date_set, 120 days ago: 120 > 90, overdue.
    f.PriorityReviewFactory(priority=fresh, date=today - dt.timedelta(days=30))
    f.PriorityFactory(neighbourhood=world.b1, title="Bravo one")
    client = client_for("sergeant")
    # 1 session, 2 user, 3 team, 4 priorities with review status (+neighbourhood).
    with django_assert_num_queries(4):
        response = client.get(f"/priorities/teams/{world.alpha.pk}/")
    body = response.content.decode()
    assert ">120<" in body
    stale_row = body[body.index("Stale one") :].split("</tr>")[0]
    fresh_row = body[body.index("Fresh one") :].split("</tr>")[0]
    assert "Review overdue" in stale_row and "Reviewed" in fresh_row
    assert "Bravo one" not in body
    assert stale.pk and fresh.pk


# -- detail -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona,status",
    [
        ("sergeant", 200),
        ("officer", 200),
        ("bcu_commander", 200),
        ("force_viewer", 200),
        ("inspector", 200),
        ("partner", 200),  # public, in the council's A1
        ("other_sergeant", 404),
        ("outsider_admin", 404),
    ],
)
def test_detail_scope(client_for, priority, persona, status):
    assert client_for(persona).get(f"/priorities/{priority.pk}/").status_code == status


def test_detail_needs_sign_in(client, priority):
    assert client.get(f"/priorities/{priority.pk}/").status_code == 302


def test_partner_sees_public_reviews_only_and_no_private_priorities(client_for, world, priority):
    f.PriorityReviewFactory(priority=priority, text="Told the panel", kind="feedback")
    f.PriorityReviewFactory(priority=priority, text="Intelligence on the group", public=False)
    client = client_for("partner")
    body = client.get(f"/priorities/{priority.pk}/").content.decode()
    assert "Told the panel" in body and "Intelligence on the group" not in body
    private = f.PriorityFactory(neighbourhood=world.a1, public=False)
    assert client.get(f"/priorities/{private.pk}/").status_code == 404
    elsewhere = f.PriorityFactory(neighbourhood=world.a2)
    assert client.get(f"/priorities/{elsewhere.pk}/").status_code == 404
    assert client.get(f"/priorities/{priority.pk}/history/").status_code == 404


def test_detail_shows_where_when_who_and_actions_for_the_sergeant(client_for, priority):
    body = client_for("sergeant").get(f"/priorities/{priority.pk}/").content.decode()
    assert "The shops on Mill Road" in body and "Fridays 7pm to 11pm" in body
    assert "Close priority" in body and "Add review" in body
    officer_body = client_for("officer").get(f"/priorities/{priority.pk}/").content.decode()
    assert "Close priority" not in officer_body
