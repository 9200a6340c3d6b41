"""Partners and plans through the API (DESIGN.md section 5): a partner reads the plans it
owns, acts on or takes part in, in its neighbourhoods; adds actions and reviews to them; marks
done only its own actions. A partner outside a plan gets 404."""

import datetime as dt

import pytest

from accounts.models import Role
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(world, personas):
    housing = f.PartnerFactory(force=world.force, name="Abbey Housing", kind="housing")
    housing.neighbourhoods.set([world.a1])
    housing_user = f.UserFactory(username="housing", role=Role.PARTNER, partner=housing)
    council_plan = f.PlanFactory(
        neighbourhood=world.a1,
        title="Drug litter in the Abbey stairwells",
        owner_partner=world.council,
    )
    joint = f.PlanFactory(neighbourhood=world.a1, title="Nuisance neighbours on Elm Court")
    joint.partners.set([housing])
    police_only = f.PlanFactory(
        neighbourhood=world.a1,
        title="County lines runner at the station",
        owner=personas["sergeant"],
    )
    officers_action = f.ActionFactory(plan=joint, owner=personas["officer"])
    housing_action = f.ActionFactory(plan=joint, owner_partner=housing)
    return {
        "housing": housing,
        "housing_user": housing_user,
        "council_plan": council_plan,
        "joint": joint,
        "police_only": police_only,
        "officers_action": officers_action,
        "housing_action": housing_action,
    }


def _ids(response):
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_each_partner_lists_only_its_plans(client, client_for, setting):
    council = client_for("partner")
    assert _ids(council.get("/api/v1/plans/")) == {setting["council_plan"].pk}
    client.force_login(setting["housing_user"])
    assert _ids(client.get("/api/v1/plans/")) == {setting["joint"].pk}
    assert _ids(client.get("/api/v1/plans/", {"search": "county lines"})) == set()
    detail = client.get(f"/api/v1/plans/{setting['joint'].pk}/").json()
    assert detail["partners"] == [setting["housing"].pk]


def test_a_partner_outside_a_plan_gets_404(client, client_for, setting):
    council = client_for("partner")
    for plan in ("joint", "police_only"):
        pk = setting[plan].pk
        assert council.get(f"/api/v1/plans/{pk}/").status_code == 404
        assert council.get(f"/api/v1/plans/{pk}/actions/").status_code == 404
        response = council.post(
            f"/api/v1/plans/{pk}/reviews/",
            {"date": "2025-02-01", "notes": "x"},
            content_type="application/json",
        )
        assert response.status_code == 404
    client.force_login(setting["housing_user"])
    assert client.get(f"/api/v1/plans/{setting['police_only'].pk}/").status_code == 404


def test_police_read_every_plan_with_its_partners(client_for, setting):
    ids = _ids(client_for("other_sergeant").get("/api/v1/plans/"))
    assert ids == {setting["council_plan"].pk, setting["joint"].pk, setting["police_only"].pk}


def test_taking_part_lets_a_partner_add_actions_and_reviews(client, setting):
    client.force_login(setting["housing_user"])
    pk = setting["joint"].pk
    response = client.post(
        f"/api/v1/plans/{pk}/actions/",
        {
            "category": "prevention",
            "description": "Tenancy warning letters",
            "due_on": "2025-03-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    response = client.post(
        f"/api/v1/plans/{pk}/reviews/",
        {"date": "2025-02-12", "notes": "Two warning letters served."},
        content_type="application/json",
    )
    assert response.status_code == 201
    # ...but not change the plan itself.
    response = client.patch(
        f"/api/v1/plans/{pk}/", {"version": 1, "title": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_a_partner_marks_done_only_its_own_actions(client, setting):
    client.force_login(setting["housing_user"])
    pk = setting["joint"].pk
    url = "/api/v1/plans/{}/actions/{}/complete/"
    body = {"done_on": "2025-02-20"}
    response = client.post(
        url.format(pk, setting["officers_action"].pk), body, content_type="application/json"
    )
    assert response.status_code == 403
    response = client.post(
        url.format(pk, setting["housing_action"].pk), body, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["done_on"] == "2025-02-20"
    setting["housing_action"].refresh_from_db()
    assert setting["housing_action"].done_on == dt.date(2025, 2, 20)


def test_detail_has_quality(client_for, setting, personas):
    plan = setting["police_only"]
    plan.objectives = "Identify the runner's handlers within 4 weeks"
    plan.save()
    quality = client_for("sergeant").get(f"/api/v1/plans/{plan.pk}/").json()["quality"]
    # An owner and objectives: one check of eight.
    assert quality["score"] == 1
    assert quality["max"] == 8
    assert [c["code"] for c in quality["checks"] if c["met"]] == ["owner_objectives"]
    assert len(quality["checks"]) == 8


def test_partners_can_be_set_by_the_sergeant(client_for, setting, world):
    plan = setting["police_only"]
    response = client_for("sergeant").patch(
        f"/api/v1/plans/{plan.pk}/",
        {"version": 1, "partners": [world.council.pk, setting["housing"].pk]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["partners"] == sorted([world.council.pk, setting["housing"].pk])
