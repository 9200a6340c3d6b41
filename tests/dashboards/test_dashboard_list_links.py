"""Dashboard cells that open their list (issue 9): "Plans past review" opens the plan library
and "Priorities past review" the priorities list, narrowed to the row's scope with
``review=overdue`` on the day of the figure; the list holds exactly what the cell counts.

D is the end of the dashboards' default period (the 28 days to yesterday)."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboards.selectors import standard_periods
from tests import factories as f


def day():
    return standard_periods()["28d"][1]


@pytest.fixture
def overdue(world):
    """Plans (open on D with next_review_on before D is past review):
    A1 "late" (review due D - 1: past), "due" (due on D: not past), "closed" (closed before D,
    review long past: not open), "new" (opened after D: not open on D); A2 "stale" (due D - 40:
    past) and "after" (closed the day after D, due D - 3: open on D, so past); B1 "bravo" (past).
    Alpha: 3 past review (late, stale, after); Bravo 1; North 4.

    Priorities (open on D with the last formal review, or the day set, more than 90 days
    before D): A1 "old" (set D - 100, never reviewed: past), "young" (set D - 10), "private"
    (set D - 91, not public: police count it too); A2 "reviewed" (set D - 200, reviewed D - 5:
    not past), "closed later" (set D - 120, closed the day after D: open on D, so past);
    B1 "bravo" (set D - 95: past). Alpha 3, Bravo 1, North 4."""
    d = day()
    ago = lambda n: d - dt.timedelta(days=n)  # noqa: E731
    plans = {
        "late": f.PlanFactory(neighbourhood=world.a1, opened_on=ago(60), next_review_on=ago(1)),
        "due": f.PlanFactory(neighbourhood=world.a1, opened_on=ago(60), next_review_on=d),
        "closed": f.PlanFactory(
            neighbourhood=world.a1,
            opened_on=ago(200),
            next_review_on=ago(150),
            stage="closed",
            closed_on=ago(5),
            outcome="reduced",
        ),
        "new": f.PlanFactory(
            neighbourhood=world.a1, opened_on=d + dt.timedelta(days=1), next_review_on=ago(3)
        ),
        "stale": f.PlanFactory(neighbourhood=world.a2, opened_on=ago(90), next_review_on=ago(40)),
        "after": f.PlanFactory(
            neighbourhood=world.a2,
            opened_on=ago(90),
            next_review_on=ago(3),
            stage="closed",
            closed_on=d + dt.timedelta(days=1),
            outcome="reduced",
        ),
        "bravo": f.PlanFactory(neighbourhood=world.b1, opened_on=ago(90), next_review_on=ago(2)),
    }
    priorities = {
        "old": f.PriorityFactory(neighbourhood=world.a1, date_set=ago(100)),
        "young": f.PriorityFactory(neighbourhood=world.a1, date_set=ago(10)),
        "private": f.PriorityFactory(neighbourhood=world.a1, date_set=ago(91), public=False),
        "reviewed": f.PriorityFactory(neighbourhood=world.a2, date_set=ago(200)),
        "closed later": f.PriorityFactory(
            neighbourhood=world.a2,
            date_set=ago(120),
            status="closed",
            closed_on=d + dt.timedelta(days=1),
            outcome="resolved",
            public_signoff=True,
        ),
        "bravo": f.PriorityFactory(neighbourhood=world.b1, date_set=ago(95)),
    }
    f.PriorityReviewFactory(priority=priorities["reviewed"], date=ago(5), kind="review")
    return plans, priorities


def _cell(headers, row, header):
    texts = [h["text"] if isinstance(h, dict) else h for h in headers]
    return row["cells"][texts.index(header)]


def _open(client, cell):
    """The list behind a cell: its count and the ids on it."""
    response = client.get(cell["url"])
    assert response.status_code == 200
    page = response.context["page"]
    ids = {getattr(item, "pk", None) or item["plan"].pk for item in _items(response)}
    return page.paginator.count, ids


def _items(response):
    rows = response.context.get("rows")
    return rows if rows is not None else response.context["page"].object_list


def _ids(objects, *names):
    return {objects[n].pk for n in names}


def test_sergeant_opens_the_lists_of_the_team_dashboard(client_for, world, overdue):
    plans, priorities = overdue
    client = client_for("sergeant")
    response = client.get(f"/dashboards/team/{world.alpha.id}/")
    headers, total = response.context["headers"], response.context["total"]
    cell = _cell(headers, total, "Plans past review")
    assert cell["text"] == "3"
    query = parse_qs(urlsplit(cell["url"]).query)
    assert query == {
        "team": [str(world.alpha.id)],
        "review": ["overdue"],
        "as_of": [day().isoformat()],
    }
    assert _open(client, cell) == (3, _ids(plans, "late", "stale", "after"))
    cell = _cell(headers, total, "Priorities past review")
    assert cell["text"] == "3"
    assert _open(client, cell) == (3, _ids(priorities, "old", "private", "closed later"))
    # The neighbourhood table's cells open each neighbourhood's list.
    hoods = {r["name"]: r for r in response.context["hood_rows"]}
    hood_headers = response.context["hood_headers"]
    abbey = _cell(hood_headers, hoods["Abbey"], "Plans past review")
    assert abbey["text"] == "1" and _open(client, abbey) == (1, _ids(plans, "late"))
    arbury = _cell(hood_headers, hoods["Arbury"], "Priorities past review")
    assert arbury["text"] == "1"
    assert _open(client, arbury) == (1, _ids(priorities, "closed later"))
    arbury = _cell(hood_headers, hoods["Arbury"], "Plans past review")
    assert arbury["text"] == "2" and _open(client, arbury) == (2, _ids(plans, "stale", "after"))
    page = response.content.decode()
    assert f'href="/plans/?team={world.alpha.id}&amp;review=overdue&amp;as_of=' in page


def test_bcu_commander_opens_the_lists_of_the_bcu_dashboard(client_for, world, overdue):
    plans, priorities = overdue
    client = client_for("bcu_commander")
    response = client.get(f"/dashboards/bcu/{world.north.id}/?sort=name")
    headers = response.context["headers"]
    alpha, bravo = response.context["rows"]
    total = response.context["total"]
    for row, plan_names, priority_names in (
        (alpha, ("late", "stale", "after"), ("old", "private", "closed later")),
        (bravo, ("bravo",), ("bravo",)),
        (total, ("late", "stale", "after", "bravo"), ("old", "private", "closed later", "bravo")),
    ):
        cell = _cell(headers, row, "Plans past review")
        assert cell["text"] == str(len(plan_names))
        assert _open(client, cell) == (len(plan_names), _ids(plans, *plan_names))
        cell = _cell(headers, row, "Priorities past review")
        assert cell["text"] == str(len(priority_names))
        assert _open(client, cell) == (len(priority_names), _ids(priorities, *priority_names))
    assert f"bcu={world.north.id}" in _cell(headers, total, "Plans past review")["url"]


def test_force_dashboard_total_opens_the_force_list(client_for, world, overdue):
    client = client_for("force_viewer")
    response = client.get(f"/dashboards/force/{world.force.id}/")
    cell = _cell(response.context["headers"], response.context["total"], "Plans past review")
    assert cell["text"] == "4"
    assert f"force={world.force.id}" in cell["url"]
    assert _open(client, cell)[0] == 4


def test_no_link_when_nothing_is_past_review(client_for, world):
    response = client_for("sergeant").get(f"/dashboards/team/{world.alpha.id}/")
    cell = _cell(response.context["headers"], response.context["total"], "Plans past review")
    assert cell["text"] == "0" and "url" not in cell


def test_the_api_lists_filter_the_same_way(client_for, world, overdue):
    plans, priorities = overdue
    client = client_for("bcu_commander")
    params = {"team": world.alpha.id, "review": "overdue", "as_of": day().isoformat()}
    body = client.get("/api/v1/plans/", params).json()
    assert {p["id"] for p in body["results"]} == _ids(plans, "late", "stale", "after")
    body = client.get("/api/v1/priorities/", {**params, "team": ""} | {"bcu": world.north.id})
    assert {p["id"] for p in body.json()["results"]} == _ids(
        priorities, "old", "private", "closed later", "bravo"
    )
    # A malformed day is a 400 naming the parameter.
    response = client.get("/api/v1/plans/", {"review": "overdue", "as_of": "2025-13-45"})
    assert response.status_code == 400
    assert "as_of" in response.json()["error"]["fields"]
