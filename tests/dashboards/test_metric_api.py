"""The metric API (/api/v1/metrics/): figures, parameters, errors and scopes per role."""

import datetime as dt
from decimal import Decimal

import pytest

from tests import factories as f

URL = "/api/v1/metrics/"


@pytest.fixture
def alpha_records(world):
    """Alpha: 8 h patrol and 2 h response cover on 3 March 2025 (rate 2 / 10 = 0.2)."""
    member = f.PostingFactory(team=world.alpha, role="constable").member
    for hours, activity in ((8, "patrol"), (2, "response_cover")):
        f.DutyRecordFactory(
            member=member,
            team=world.alpha,
            date=dt.date(2025, 3, 3),
            hours=Decimal(hours),
            activity=activity,
        )
    return member


def get(client, path, **params):
    return client.get(URL + path, params)


PERIOD = {"start": "2025-03-01", "end": "2025-03-31"}


def test_abstraction_for_a_team(client_for, world, alpha_records, django_assert_num_queries):
    client = client_for("sergeant")
    # Session + user, scope name, scope visible, then the selector's 2 queries.
    with django_assert_num_queries(6):
        response = get(client, "abstraction/", team=world.alpha.id, **PERIOD)
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["scope"] == {"level": "team", "id": world.alpha.id, "name": "Alpha NPT"}
    assert (body["start"], body["end"]) == ("2025-03-01", "2025-03-31")
    assert body["working_hours"] == 10.0
    assert body["abstracted_hours"] == 2.0
    assert body["rate"] == 0.2
    assert body["protected_rate"] == 0.8
    assert body["limit"] == 0.2
    assert body["breach"] is False  # 0.2 is not above 0.2
    assert body["by_activity"] == {"patrol": 8.0, "response_cover": 2.0}
    assert body["by_role"]["constable"]["rate"] == 0.2
    # The answer says which reading of dedicated time the force uses (DESIGN.md 4.1).
    assert body["leave_is_dedicated"] is True
    assert body["sickness_is_abstraction"] is True


def test_supervision_and_ageing_shapes(client_for, world):
    client = client_for("force_admin")
    f.PostingFactory(team=world.alpha, role="sergeant")
    f.PostingFactory(team=world.alpha, role="pcso")
    body = get(client, "supervision/", bcu=world.north.id, as_of="2025-03-01").json()
    assert body["as_of"] == "2025-03-01"
    assert (body["sergeants"], body["pcsos"], body["span"]) == (1.0, 1.0, 1.0)
    for key in ("constables", "limit", "stretched", "hybrid_sergeants", "sergeants_per_inspector"):
        assert key in body
    body = get(client, "priority-ageing/", force=world.force.id, as_of="2025-03-01").json()
    for key in ("open", "buckets", "review_overdue", "median_age_days"):
        assert key in body
    assert body["neighbourhoods_up_to_date_pct"] == 0.0
    assert body["buckets"] == {"0-30": 0, "31-90": 0, "91-180": 0, "181+": 0}


@pytest.mark.parametrize(
    "path,params",
    [
        ("meeting-cadence/", {"neighbourhood": "a1", "as_of": "2025-03-01"}),
        ("contact-responsiveness/", {"team": "alpha", **PERIOD}),
        ("staffing/", {"team": "alpha", "as_of": "2025-03-01"}),
        ("named-officer-coverage/", {"team": "alpha", "as_of": "2025-03-01"}),
        ("problem-solving/", {"team": "alpha", "as_of": "2025-03-01"}),
    ],
)
def test_section_4_4_endpoints(client_for, world, path, params):
    params = {
        k: getattr(world, v).id if k in ("team", "neighbourhood") else v for k, v in params.items()
    }
    response = get(client_for("sergeant"), path, **params)
    assert response.status_code == 200, response.json()


def _error(response, status, field):
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["status"] == status
    if field:
        assert field in error["fields"], error
        assert field in error["message"]
    return error


@pytest.mark.parametrize(
    "params,field",
    [
        ({"start": "2025-03-01", "end": "2025-03-31"}, "scope"),  # no scope
        ({"team": "ALPHA", "bcu": "NORTH", **PERIOD}, "scope"),  # two scopes
        ({"team": "x", **PERIOD}, "team"),  # not an id
        ({"team": "ALPHA", "start": "01/03/2025", "end": "2025-03-31"}, "start"),
        ({"team": "ALPHA", "start": "2025-03-01"}, "end"),  # missing
        ({"team": "ALPHA", "start": "2025-03-31", "end": "2025-03-01"}, "end"),  # end < start
        ({"team": "999999", **PERIOD}, "team"),  # unknown id
        ({"neighbourhood": "1", **PERIOD}, "scope"),  # not a scope of this metric
    ],
)
def test_bad_parameters_get_400_naming_them(client_for, world, params, field):
    ids = {"ALPHA": world.alpha.id, "NORTH": world.north.id}
    params = {k: ids.get(v, v) for k, v in params.items()}
    _error(get(client_for("force_admin"), "abstraction/", **params), 400, field)


def test_bad_as_of(client_for, world):
    client = client_for("force_admin")
    _error(get(client, "supervision/", team=world.alpha.id, as_of="2025-02-30"), 400, "as_of")
    _error(get(client, "supervision/", team=world.alpha.id), 400, "as_of")


# (persona, scope param, world attribute) -> expected status
SCOPES = [
    ("force", "force"),
    ("bcu", "north"),
    ("bcu", "south"),
    ("team", "alpha"),
    ("team", "bravo"),
    ("force", "other_force"),
]
EXPECTED = {
    "force_admin": [200, 200, 200, 200, 200, 404],
    "force_viewer": [200, 200, 200, 200, 200, 404],
    "inspector": [200, 200, 200, 200, 200, 404],
    "bcu_commander": [404, 200, 404, 200, 200, 404],
    "sergeant": [404, 404, 404, 200, 404, 404],
    "officer": [404, 404, 404, 200, 404, 404],
    "other_sergeant": [404, 404, 404, 404, 200, 404],
    "partner": [404, 404, 404, 404, 404, 404],
    "outsider_admin": [404, 404, 404, 404, 404, 200],
    "superuser": [200, 200, 200, 200, 200, 200],
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_scope_per_role(client_for, world, persona):
    client = client_for(persona)
    got = [
        get(client, "abstraction/", **{param: getattr(world, attr).id}, **PERIOD).status_code
        for param, attr in SCOPES
    ]
    assert got == EXPECTED[persona]


def test_member_scope_per_role(client_for, world, alpha_records):
    member = alpha_records
    for persona, status in (
        ("sergeant", 200),
        ("bcu_commander", 200),
        ("force_viewer", 200),
        ("other_sergeant", 404),
        ("partner", 404),
        ("outsider_admin", 404),
    ):
        response = get(client_for(persona), "abstraction/", member=member.id, **PERIOD)
        assert response.status_code == status, persona
        if status == 404:
            assert response.json()["error"]["code"] == "not_found"


def test_anonymous_is_refused(client, world):
    response = get(client, "abstraction/", team=world.alpha.id, **PERIOD)
    assert response.status_code in (401, 403)


def test_openapi_documents_the_metric_endpoints(client_for, world):
    schema = client_for("force_admin").get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/metrics/abstraction/"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"member", "team", "bcu", "force", "start", "end"} <= names
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    component = schema["components"]["schemas"][ok.rsplit("/", 1)[1]]
    assert {"working_hours", "rate", "by_role", "breach"} <= set(component["properties"])
    for path in ("supervision/", "priority-ageing/", "meeting-cadence/", "staffing/"):
        assert f"/api/v1/metrics/{path}" in schema["paths"]
