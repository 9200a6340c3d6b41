"""Each /api/v1/ list page takes a fixed number of queries, however many rows it shows."""

import datetime as dt

import pytest

from tests import factories as f

# Queries of a signed-in force admin: the session and the user (2), then for page-number
# lists the COUNT and the page (2), for keyset (cursor) lists the page only (1), plus one
# prefetch where a list shows many-to-many ids.
EXPECTED = {
    "forces": 4,
    "bcus": 4,
    "neighbourhoods": 4,
    "teams": 5,  # + the teams' neighbourhood ids
    "members": 4,
    "postings": 4,
    "duty-records": 4,  # cursor, + the access-log row (issue 12)
    "partners": 5,  # + the partners' neighbourhood ids
    "events": 3,  # cursor
    "contacts": 5,  # + the access-log row (issue 12)
    "priorities": 3,  # cursor
    "plans": 4,
    "inspections": 4,
}


def _more_rows(world, data, n: int) -> None:
    """Add n more of everything in Alpha / A1 (and teams, partners, neighbourhoods)."""
    for i in range(n):
        neighbourhood = f.NeighbourhoodFactory(bcu=world.north)
        f.TeamFactory(bcu=world.north, neighbourhoods=[neighbourhood, world.a1])
        partner = f.PartnerFactory(force=world.force)
        partner.neighbourhoods.set([world.a1, neighbourhood])
        member = f.MemberFactory(force=world.force)
        f.PostingFactory(member=member, team=world.alpha)
        f.DutyRecordFactory(member=member, team=world.alpha, date=dt.date(2025, 3, 1 + i))
        f.EventFactory(neighbourhood=world.a1, team=world.alpha)
        f.PublicContactFactory(neighbourhood=world.a1)
        f.PriorityFactory(neighbourhood=world.a1)
        f.PlanFactory(neighbourhood=world.a1)


@pytest.mark.parametrize("resource", list(EXPECTED))
def test_list_query_count_is_fixed(client_for, world, data, resource, django_assert_num_queries):
    client = client_for("force_admin")
    with django_assert_num_queries(EXPECTED[resource]):
        first = client.get(f"/api/v1/{resource}/")
    _more_rows(world, data, 3)
    with django_assert_num_queries(EXPECTED[resource]):
        second = client.get(f"/api/v1/{resource}/")
    assert first.status_code == second.status_code == 200
    if resource not in ("forces", "bcus", "inspections"):
        assert len(second.json()["results"]) > len(first.json()["results"])


@pytest.mark.parametrize("resource, queries", [("priorities", 3), ("events", 3), ("plans", 4)])
def test_partner_key_lists_take_fixed_queries(
    client, world, data, keys, resource, queries, django_assert_num_queries
):
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {keys['active']}"}
    client.get("/api/v1/forces/", **headers)  # records last_used_at (once a minute)
    _more_rows(world, data, 2)
    # The key (with its partner, 1), the partner's service user (1), the page (1), and for
    # page-number lists the COUNT (1).
    with django_assert_num_queries(queries):
        response = client.get(f"/api/v1/{resource}/", **headers)
    assert response.status_code == 200
