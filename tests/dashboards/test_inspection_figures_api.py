"""/api/v1/metrics/priorities-per-neighbourhood/ and /priorities-with-plan/ (DESIGN.md 6)."""

import datetime as dt

import pytest

from tests import factories as f

URL = "/api/v1/metrics/"


@pytest.fixture
def alpha_priorities(world):
    """A1: 3 public priorities open on 30 June 2025 (in range), one with a plan; A2: none."""
    made = [
        f.PriorityFactory(neighbourhood=world.a1, date_set=dt.date(2025, 5, 1)) for _ in range(3)
    ]
    f.PlanFactory(neighbourhood=world.a1, priority=made[0], opened_on=dt.date(2025, 5, 2))
    return made


def test_priorities_per_neighbourhood(
    client_for, world, alpha_priorities, django_assert_num_queries
):
    client = client_for("sergeant")
    # Session + user, scope name, scope visible, then the selector's 2 queries.
    with django_assert_num_queries(6):
        response = client.get(
            URL + "priorities-per-neighbourhood/", {"team": world.alpha.id, "as_of": "2025-06-30"}
        )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["scope"] == {"level": "team", "id": world.alpha.id, "name": "Alpha NPT"}
    assert body["as_of"] == "2025-06-30"
    assert (body["neighbourhoods"], body["within_range"], body["share"]) == (2, 1, 0.5)


def test_priorities_with_plan(client_for, world, alpha_priorities, django_assert_num_queries):
    client = client_for("bcu_commander")
    with django_assert_num_queries(6):
        response = client.get(
            URL + "priorities-with-plan/", {"bcu": world.north.id, "as_of": "2025-06-30"}
        )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["open"], body["with_plan"]) == (3, 1)
    assert body["share"] == pytest.approx(1 / 3)
    # Before the plan opened, none of the three had one.
    body = client.get(
        URL + "priorities-with-plan/", {"bcu": world.north.id, "as_of": "2025-05-01"}
    ).json()
    assert (body["open"], body["with_plan"], body["share"]) == (3, 0, 0.0)


@pytest.mark.parametrize(
    "params,field",
    [
        ({"team": "x", "as_of": "2025-06-30"}, "team"),
        ({"team": 1}, "as_of"),
        ({"as_of": "2025-06-30"}, "scope"),
        ({"team": 999999, "as_of": "2025-06-30"}, "team"),
        ({"team": 1, "as_of": "30/06/2025"}, "as_of"),
    ],
)
def test_bad_parameters_are_named(client_for, world, params, field):
    client = client_for("force_admin")
    response = client.get(URL + "priorities-per-neighbourhood/", params)
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]


def test_scope_outside_the_caller_is_404(client_for, world):
    client = client_for("sergeant")
    response = client.get(
        URL + "priorities-with-plan/", {"team": world.bravo.id, "as_of": "2025-06-30"}
    )
    assert response.status_code == 404
    response = client_for("partner").get(
        URL + "priorities-per-neighbourhood/", {"team": world.alpha.id, "as_of": "2025-06-30"}
    )
    assert response.status_code == 404


def test_plans_assessed(client_for, world, django_assert_num_queries):
    # 30 June 2025 - 90 days = 1 April: plans opened on or before it count.
    f.PlanFactory(neighbourhood=world.a1, opened_on=dt.date(2025, 4, 1), assessment="Fewer calls.")
    f.PlanFactory(neighbourhood=world.a2, opened_on=dt.date(2025, 3, 31))
    f.PlanFactory(neighbourhood=world.a2, opened_on=dt.date(2025, 4, 2), assessment="Too soon.")
    client = client_for("sergeant")
    # Session + user, scope name, scope visible, then the selector's 2 queries.
    with django_assert_num_queries(6):
        response = client.get(
            URL + "plans-assessed/", {"team": world.alpha.id, "as_of": "2025-06-30"}
        )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["plans"], body["assessed"], body["share"]) == (2, 1, 0.5)
    assert body["green_share"] == 0.8  # the force's policy (default)


@pytest.mark.parametrize(
    "path", ["priorities-per-neighbourhood/", "priorities-with-plan/", "plans-assessed/"]
)
@pytest.mark.parametrize("level", ["neighbourhood", "team", "bcu", "force"])
def test_every_level_is_served(client_for, world, path, level):
    scope_id = {
        "neighbourhood": world.a1.id,
        "team": world.alpha.id,
        "bcu": world.north.id,
        "force": world.force.id,
    }[level]
    response = client_for("force_admin").get(URL + path, {level: scope_id, "as_of": "2025-06-30"})
    assert response.status_code == 200, response.json()
    assert response.json()["scope"]["level"] == level


def test_the_schema_documents_them(client_for, world):
    schema = client_for("force_admin").get("/api/schema/", {"format": "json"}).json()
    for path, field in (
        ("/api/v1/metrics/priorities-per-neighbourhood/", "within_range"),
        ("/api/v1/metrics/priorities-with-plan/", "with_plan"),
        ("/api/v1/metrics/plans-assessed/", "assessed"),
    ):
        operation = schema["paths"][path]["get"]
        assert {p["name"] for p in operation["parameters"]} >= {
            "neighbourhood",
            "team",
            "bcu",
            "force",
            "as_of",
        }
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert {field, "share", "green_share"} <= set(component["properties"])
