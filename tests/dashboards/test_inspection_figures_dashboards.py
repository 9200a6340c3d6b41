"""The figures of DESIGN.md 4.5 on the dashboards and in the nightly snapshots (issue 10 item 5),
worked by hand, rated by share against the force's green points (DESIGN.md 4.6).

North gets a fourth neighbourhood, B2 (Bravo), so its teams cover A1, A2 (Alpha) and B1, B2
(Bravo). D is the end of the dashboards' default period (the 28 days to yesterday)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboards import services
from dashboards.metrics import rag
from dashboards.models import MetricSnapshot
from dashboards.selectors import standard_periods
from tests import factories as f

COLUMNS = (
    "Neighbourhoods with 3-5 priorities",
    "Priorities with a plan",
    "Plans assessed (open 90+ days)",
)


def day():
    return standard_periods()["28d"][1]


@pytest.fixture
def north(world):
    """On D: A1 has 2 open public priorities, A2 3, B1 5, B2 6 (in 3-5: A2 and B1, 2 of 4).

    Plans serving priorities: A1's first (opened 10 days before D: counts) and second (opened
    the day after D: does not count); all three of A2's (opened 20 days before D). Alpha: 4 of
    its 5 open priorities have a plan by D; Bravo none of 11; North 4 of 16.

    Plans with no priority, for "plans assessed" (opened at least 90 days before D): in B1 one
    opened 89 days before D with an assessment (too young: not counted), one 90 days before
    with an assessment (counted, assessed), one 91 days before without (counted, not
    assessed); in A1 one 91 days before with an assessment. Alpha 1 of 1, Bravo 1 of 2,
    North 2 of 3."""
    d = day()
    b2 = f.NeighbourhoodFactory(bcu=world.north, code="B2", name="Bramley")
    world.bravo.neighbourhoods.add(b2)
    made = {}
    for hood, n in ((world.a1, 2), (world.a2, 3), (world.b1, 5), (b2, 6)):
        made[hood.code] = [
            f.PriorityFactory(neighbourhood=hood, date_set=d - dt.timedelta(days=30))
            for _ in range(n)
        ]
    a1_first, a1_second = made["A1"]
    f.PlanFactory(neighbourhood=world.a1, priority=a1_first, opened_on=d - dt.timedelta(days=10))
    f.PlanFactory(neighbourhood=world.a1, priority=a1_second, opened_on=d + dt.timedelta(days=1))
    for priority in made["A2"]:
        f.PlanFactory(
            neighbourhood=world.a2, priority=priority, opened_on=d - dt.timedelta(days=20)
        )
    for days, assessment in ((89, "Calls down."), (90, "Calls down by half."), (91, "")):
        f.PlanFactory(
            neighbourhood=world.b1, opened_on=d - dt.timedelta(days=days), assessment=assessment
        )
    f.PlanFactory(
        neighbourhood=world.a1, opened_on=d - dt.timedelta(days=91), assessment="Displaced."
    )
    return b2


def _cells(response, row) -> dict[str, dict]:
    headers = [h["text"] for h in response.context["headers"]]
    return dict(zip(headers, row["cells"], strict=True))


def test_bcu_dashboard_cells_in_words(client_for, world, north):
    response = client_for("bcu_commander").get(f"/dashboards/bcu/{world.north.id}/?sort=name")
    assert response.status_code == 200
    alpha, bravo = (_cells(response, row) for row in response.context["rows"])
    total = _cells(response, response.context["total"])
    # Priorities per neighbourhood: 2 of 4 in range, share 0.5: not a majority, red.
    assert total[COLUMNS[0]] == {"text": "2 of 4 (50%)", "rag": "red", "rag_word": "Red"}
    assert alpha[COLUMNS[0]]["text"] == "1 of 2 (50%)"  # A2 in range, A1 (2) not
    assert bravo[COLUMNS[0]]["text"] == "1 of 2 (50%)"  # B1 in range, B2 (6) not
    # Priorities with a plan: Alpha 4 of 5 = 80%, a majority but short of all (the default
    # green point, 1.0): amber. Bravo 0 of 11: red. North 4 of 16 = 25%: red.
    assert alpha[COLUMNS[1]] == {"text": "4 of 5 (80%)", "rag": "amber", "rag_word": "Amber"}
    assert bravo[COLUMNS[1]] == {"text": "0 of 11 (0%)", "rag": "red", "rag_word": "Red"}
    assert total[COLUMNS[1]]["text"] == "4 of 16 (25%)"
    # Plans assessed: Alpha 1 of 1 (green at 0.8), Bravo 1 of 2 (50%: red), North 2 of 3
    # (67%: a majority, below 0.8: amber).
    assert alpha[COLUMNS[2]] == {"text": "1 of 1 (100%)", "rag": "green", "rag_word": "Green"}
    assert bravo[COLUMNS[2]] == {"text": "1 of 2 (50%)", "rag": "red", "rag_word": "Red"}
    assert total[COLUMNS[2]] == {"text": "2 of 3 (67%)", "rag": "amber", "rag_word": "Amber"}
    page = response.content.decode()
    assert '<span class="rag rag--amber">Amber</span> 2 of 3 (67%)' in page
    # The legend states the bands with this force's green points.
    assert "Rated by the share of open priorities with a plan: green at this force" in page
    assert "100% or more, amber above 50% and below that, red at 50% or less" in page


def test_force_dashboard_and_csv(client_for, world, north):
    client = client_for("force_viewer")
    response = client.get(f"/dashboards/force/{world.force.id}/?sort=name")
    north_row = _cells(response, response.context["rows"][0])
    assert north_row[COLUMNS[0]]["text"] == "2 of 4 (50%)"
    assert north_row[COLUMNS[1]]["text"] == "4 of 16 (25%)"
    assert north_row[COLUMNS[2]]["text"] == "2 of 3 (67%)"
    # The force adds South (C1: no priority, so not in range): 2 of 5 = 40%.
    total = _cells(response, response.context["total"])
    assert total[COLUMNS[0]]["text"] == "2 of 5 (40%)"
    lines = client.get(f"/dashboards/bcu/{world.north.id}/export.csv").content.decode()
    lines = lines.splitlines()
    header = lines[0].split(",")
    for column in COLUMNS:
        assert column in header and f"{column} RAG" in header
    alpha = dict(zip(header, lines[1].split(","), strict=True))
    assert alpha["Team"] == "Alpha NPT"
    assert alpha["Priorities with a plan"] == "4 of 5 (80%)"
    assert alpha["Priorities with a plan RAG"] == "Amber"
    assert alpha["Plans assessed (open 90+ days)"] == "1 of 1 (100%)"


def test_team_dashboard_neighbourhood_table(client_for, world, north):
    response = client_for("sergeant").get(f"/dashboards/team/{world.alpha.id}/")
    headers = response.context["hood_headers"]
    hoods = {
        row["name"]: dict(zip(headers, row["cells"], strict=True))
        for row in response.context["hood_rows"]
    }
    # A1 has 2 open public priorities (not 3-5), A2 has 3.
    assert hoods["Abbey"]["3-5 priorities"] == {"text": "No", "rag": "red", "rag_word": "Red"}
    assert hoods["Arbury"]["3-5 priorities"] == {
        "text": "Yes",
        "rag": "green",
        "rag_word": "Green",
    }
    # A1: 1 of 2 planned by D (the other plan opened the day after); A2: 3 of 3.
    assert hoods["Abbey"]["Priorities with a plan"]["text"] == "1 of 2 (50%)"
    assert hoods["Arbury"]["Priorities with a plan"]["rag"] == "green"
    assert hoods["Abbey"]["Plans assessed (open 90+ days)"]["text"] == "1 of 1 (100%)"
    assert hoods["Arbury"]["Plans assessed (open 90+ days)"]["text"] == "No plans that old"
    total = dict(
        zip(
            [h["text"] for h in response.context["headers"]],
            response.context["total"]["cells"],
            strict=True,
        )
    )
    assert total[COLUMNS[1]]["text"] == "4 of 5 (80%)"


def test_snapshot_rows_after_the_nightly_job(world, north):
    d = day()
    services.snapshot_nightly(today=d + dt.timedelta(days=1))
    snaps = {
        (s.metric, s.scope_type, s.scope_id): s
        for s in MetricSnapshot.objects.filter(
            metric__in=["priorities_per_neighbourhood", "priorities_with_plan", "plans_assessed"],
            end=d,
        )
    }
    # Point figures, taken as of D (yesterday; also as of the last quarter's end).
    per = snaps[("priorities_per_neighbourhood", "bcu", world.north.id)]
    assert per.start == per.end == d
    assert per.value == {"neighbourhoods": 4, "within_range": 2, "share": 0.5, "green_share": 0.8}
    assert snaps[("priorities_with_plan", "team", world.alpha.id)].value == {
        "open": 5,
        "with_plan": 4,
        "share": 0.8,
        "green_share": 1.0,
    }
    assert snaps[("priorities_with_plan", "team", world.bravo.id)].value["with_plan"] == 0
    assessed = snaps[("plans_assessed", "bcu", world.north.id)].value
    assert (assessed["plans"], assessed["assessed"]) == (3, 2)
    assert snaps[("plans_assessed", "team", world.bravo.id)].value["share"] == 0.5
    assert snaps[("plans_assessed", "force", world.force.id)].value["plans"] == 3


def test_fresh_snapshots_feed_the_table(client_for, world, north):
    services.snapshot_nightly(today=timezone.localdate())
    response = client_for("bcu_commander").get(f"/dashboards/bcu/{world.north.id}/?sort=name")
    assert response.context["source"] == "snapshot"
    total = _cells(response, response.context["total"])
    assert total[COLUMNS[2]] == {"text": "2 of 3 (67%)", "rag": "amber", "rag_word": "Amber"}


def test_the_forces_green_point_moves_the_rating(client_for, world, north):
    world.force.priorities_with_plan_green = Decimal("0.750")
    world.force.save()
    response = client_for("bcu_commander").get(f"/dashboards/bcu/{world.north.id}/?sort=name")
    alpha = _cells(response, response.context["rows"][0])
    assert alpha[COLUMNS[1]]["rag"] == "green"  # 80% >= 75%
    assert "green at this force&#x27;s 75% or more" in response.content.decode()


@pytest.mark.parametrize(
    "share, green, rating",
    [
        (0.8, 0.8, "green"),
        (0.79, 0.8, "amber"),
        (0.51, 0.8, "amber"),
        (0.5, 0.8, "red"),  # half is not a majority
        (0.0, 0.8, "red"),
        (1.0, 1.0, "green"),
        (0.99, 1.0, "amber"),
        (None, 0.8, None),  # nothing to count
    ],
)
def test_passing_band_edges(share, green, rating):
    assert rag.passing_band(share, green) == rating
