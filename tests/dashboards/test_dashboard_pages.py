"""BCU, force and team dashboard pages: figures, RAG words, scope per role, query counts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboards import services
from dashboards.selectors import standard_periods
from tests import factories as f


@pytest.fixture
def figures(world):
    """In the last 28 days Alpha logs 6 h patrol and 4 h response cover (rate 40%, red against
    the 20% limit); Bravo 19 h patrol and 1 h response cover (5%, green)."""
    start, end = standard_periods()["28d"]
    for team, patrol, cover in ((world.alpha, 6, 4), (world.bravo, 19, 1)):
        member = f.PostingFactory(team=team, role="constable", start_date=start).member
        f.PostingFactory(team=team, role="sergeant", start_date=start)
        for hours, activity in ((patrol, "patrol"), (cover, "response_cover")):
            f.DutyRecordFactory(
                member=member, team=team, date=end, hours=Decimal(hours), activity=activity
            )
    f.PriorityFactory(neighbourhood=world.a1, date_set=end - dt.timedelta(days=100))
    return start, end


def test_bcu_dashboard_shows_teams_with_ratings(client_for, world, figures):
    response = client_for("bcu_commander").get(f"/dashboards/bcu/{world.north.id}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Alpha NPT" in page and "Bravo NPT" in page and "Charlie NPT" not in page
    rows = response.context["rows"]
    alpha, bravo = rows
    # Abstraction: Alpha 4 / 10 = 40.0% (red), Bravo 1 / 20 = 5.0% (green).
    assert alpha["cells"][0] == {"text": "40.0%", "rag": "red", "rag_word": "Red"}
    assert bravo["cells"][0] == {"text": "5.0%", "rag": "green", "rag_word": "Green"}
    assert alpha["cells"][1]["text"] == "60.0%"  # protected time
    # Time on patrol: Alpha 6 of 10 hours on duty, 60.0%.
    assert alpha["cells"][2]["text"] == "60.0%"
    assert alpha["cells"][3]["text"] == "1:1.0"  # one constable, one sergeant
    # One priority set 100 days ago and never reviewed: past review, red.
    assert alpha["cells"][6] == {
        "text": "1",
        "rag": "red",
        "rag_word": "Red",
        # ... and opens the list of the priorities it counts (issue 9).
        "url": f"/priorities/?team={world.alpha.id}&review=overdue&as_of={figures[1]}",
    }
    # The BCU total adds hours: (4 + 1) / (10 + 20) = 16.7%.
    assert response.context["total"]["cells"][0]["text"] == "16.7%"
    assert '<span class="rag rag--red">Red</span> 40.0%' in page
    assert "Amber: above 90% and up to the limit" in page  # the legend states the band
    # ... and which reading of dedicated time the force uses (DESIGN.md 4.1).
    assert "Rest days and annual leave count as dedicated time" in page
    assert "The trend figures as a table" in page
    assert f'href="/dashboards/team/{world.alpha.id}/?period=28d"' in page
    assert "npms-dashboard-map" in page


def test_bcu_dashboard_query_count_is_fixed(client_for, world, figures, django_assert_num_queries):
    client = client_for("bcu_commander")
    # 2 session and user, 1 BCU in scope; team table 15: scopes 1, snapshot lookup 1 (none
    # fresh) and 13 live (abstraction 1, supervision 1, staffing 1, ageing 2, meetings 1,
    # contacts 1, coverage 1, plans 1, plan quality 1, and one GROUP BY for each figure of
    # DESIGN 4.5: priorities per neighbourhood 1, priorities with a plan 1, plans assessed 1);
    # the BCU total: the same 15; trends 4 (the stored trend looked up, none fresh; then live:
    # weekly abstraction, ageing at the 12 week ends, scopes). 2 + 1 + 15 + 15 + 4 = 37.
    with django_assert_num_queries(37):
        client.get(f"/dashboards/bcu/{world.north.id}/")
    for _ in range(4):
        team = f.TeamFactory(bcu=world.north)
        f.PostingFactory(team=team, role="pcso")
    with django_assert_num_queries(37):
        response = client.get(f"/dashboards/bcu/{world.north.id}/")
    assert len(response.context["rows"]) == 6


def test_bcu_dashboard_reads_fresh_snapshots(client_for, world, figures, django_assert_num_queries):
    services.snapshot_nightly(today=timezone.localdate())
    client = client_for("bcu_commander")
    # 2 session, 1 BCU, table 3 (scopes, snapshots, change markers), total 3 (plan quality
    # is one of the snapshot's figures), the stored trend 1, checked against the change
    # marker the total read (issue 14: nothing computed live, nothing read twice).
    # 2 + 1 + 3 + 3 + 1 = 10.
    with django_assert_num_queries(10):
        response = client.get(f"/dashboards/bcu/{world.north.id}/")
    assert response.context["source"] == "snapshot"
    assert response.context["rows"][0]["cells"][0]["text"] == "40.0%"
    assert "From the snapshot of " in response.content.decode()


PAGES = ["bcu/NORTH", "bcu/SOUTH", "force/FORCE", "team/ALPHA", "team/BRAVO", "force/OTHER"]
EXPECTED = {
    "force_admin": [200, 200, 200, 200, 200, 404],
    "force_viewer": [200, 200, 200, 200, 200, 404],
    "inspector": [200, 200, 200, 200, 200, 404],
    "bcu_commander": [200, 404, 404, 200, 200, 404],
    "sergeant": [404, 404, 404, 200, 404, 404],
    "officer": [404, 404, 404, 200, 404, 404],
    "other_sergeant": [404, 404, 404, 404, 200, 404],
    "partner": [404, 404, 404, 404, 404, 404],
    "outsider_admin": [404, 404, 404, 404, 404, 200],
    "superuser": [200, 200, 200, 200, 200, 200],
}


def _url(world, page, suffix=""):
    kind, name = page.split("/")
    ids = {
        "NORTH": world.north.id,
        "SOUTH": world.south.id,
        "FORCE": world.force.id,
        "ALPHA": world.alpha.id,
        "BRAVO": world.bravo.id,
        "OTHER": world.other_force.id,
    }
    return f"/dashboards/{kind}/{ids[name]}/{suffix}"


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_pages_per_role(client_for, world, persona):
    client = client_for(persona)
    assert [client.get(_url(world, p)).status_code for p in PAGES] == EXPECTED[persona]
    # The CSV export follows the same scope.
    assert [client.get(_url(world, p, "export.csv")).status_code for p in PAGES] == EXPECTED[
        persona
    ]


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(f"/dashboards/bcu/{world.north.id}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_force_dashboard_rows_per_bcu(client_for, world, figures, django_assert_num_queries):
    client = client_for("force_viewer")
    # Same as the BCU page: 2 + 1 + 14 + 14 + 2 + 4 (trend lookup, then live).
    with django_assert_num_queries(37):
        response = client.get(f"/dashboards/force/{world.force.id}/?sort=name")
    rows = response.context["rows"]
    assert [r["name"] for r in rows] == ["North", "South"]
    # North (4 + 1) / 30 = 16.7%: within 90-100% of 20%? 16.7 < 18: green.
    assert rows[0]["cells"][0] == {"text": "16.7%", "rag": "green", "rag_word": "Green"}
    assert rows[0]["url"] == f"/dashboards/bcu/{world.north.id}/"
    assert rows[1]["cells"][0]["text"] == "–"  # South has no duty records


def test_team_dashboard_members_and_neighbourhoods(client_for, world, figures):
    response = client_for("sergeant").get(f"/dashboards/team/{world.alpha.id}/")
    assert response.status_code == 200
    members = response.context["member_rows"]
    constable = next(m for m in members if m["role"] == "constable")
    assert [c["text"] for c in constable["cells"]] == ["10", "4", "40.0%", "60.0%", "60.0%"]
    assert constable["cells"][2]["rag"] == "red"
    hoods = {r["name"]: r for r in response.context["hood_rows"]}
    assert set(hoods) == {"Abbey", "Arbury"}
    assert hoods["Abbey"]["cells"][0]["text"] == "1"  # one open priority
    assert hoods["Abbey"]["cells"][1]["rag"] == "red"  # past review
    # A sergeant sees no link to the BCU or force dashboards.
    assert response.context["crumbs"] == []


def test_csv_export(client_for, world, figures):
    response = client_for("bcu_commander").get(f"/dashboards/bcu/{world.north.id}/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    header = lines[0].split(",")
    assert header[:5] == ["Team", "Start", "End", "Abstraction rate", "Abstraction rate RAG"]
    assert lines[1].startswith("Alpha NPT,")
    assert ",40.0%,Red,60.0%," in lines[1]
    assert len(lines) == 3  # header, Alpha, Bravo


def test_map_geojson_is_scoped(client_for, world, figures):
    response = client_for("bcu_commander").get(f"/dashboards/bcu/{world.north.id}/map.geojson")
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert {feat["properties"]["code"] for feat in data["features"]} == {"A1", "A2", "B1"}
    abbey = next(x for x in data["features"] if x["properties"]["code"] == "A1")
    assert abbey["geometry"]["type"] == "MultiPolygon"
    assert abbey["properties"]["rag"]["priority_ageing"] == "red"
    assert abbey["properties"]["rag"]["meeting_cadence"] == "red"  # never met
    assert (
        client_for("sergeant").get(f"/dashboards/bcu/{world.north.id}/map.geojson").status_code
        == 404
    )
    assert (
        client_for("sergeant").get(f"/dashboards/team/{world.alpha.id}/map.geojson").status_code
        == 200
    )


def test_recompute_now_with_progress(client_for, world, django_capture_on_commit_callbacks):
    client = client_for("bcu_commander")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/dashboards/bcu/{world.north.id}/recompute/", HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    assert "hx-get" in response.content.decode()  # polls until done (eager: queued on render)
    job = response.context["job"]
    progress = client.get(f"/dashboards/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert "Recomputed." in progress.content.decode()
    assert "hx-trigger" not in progress.content.decode()  # stops polling
    # Out of scope: 404 for the job and for starting one.
    other = client_for("other_sergeant")
    assert other.get(f"/dashboards/jobs/{job.pk}/").status_code == 404
    assert other.post(f"/dashboards/bcu/{world.north.id}/recompute/").status_code == 404
    assert (
        client_for("partner").post(f"/dashboards/team/{world.alpha.id}/recompute/").status_code
        == 404
    )
    # Without htmx: redirected to the job page.
    response = client_for("bcu_commander").post(f"/dashboards/bcu/{world.north.id}/recompute/")
    assert response.status_code == 302 and "/dashboards/jobs/" in response["Location"]


def test_team_dashboard_query_count_is_fixed(client_for, world, figures, django_assert_num_queries):
    client = client_for("sergeant")
    # 2 session and user, 1 team in scope; the team row 15 (as on the BCU page: scopes 1,
    # snapshot lookup 1, 13 live, three of them the 4.5 figures, one plan quality); the members
    # posted in the period 1, their abstraction 2 (scopes, one GROUP BY); the neighbourhood
    # table 10 (scopes 1; ageing 2, meetings 1, contacts 1, coverage 1, plans 1 and the three
    # 4.5 figures 3); trends 4 (the stored trend looked up, none fresh; then live 3).
    # 2 + 1 + 15 + 1 + 2 + 10 + 4 = 35.
    with django_assert_num_queries(35):
        client.get(f"/dashboards/team/{world.alpha.id}/")
    for i in range(3):
        hood = f.NeighbourhoodFactory(bcu=world.north, code=f"X{i}")
        world.alpha.neighbourhoods.add(hood)
        f.PostingFactory(team=world.alpha, role="pcso")
        f.PriorityFactory(neighbourhood=hood)
    with django_assert_num_queries(35):
        response = client.get(f"/dashboards/team/{world.alpha.id}/")
    assert len(response.context["hood_rows"]) == 5
