"""/api/v1/inspections/: open (evidence frozen), judgements, grading, recommendations, by
role (DESIGN.md sections 5 and 6)."""

import datetime as dt
from decimal import Decimal

import pytest

from inspections import services
from inspections.models import Inspection, Judgement, Recommendation
from tests import factories as f

URL = "/api/v1/inspections/"


@pytest.fixture
def alpha_inspection(world, frameworks):
    return services.inspection_open(
        framework=frameworks["npia-self-assessment"],
        scope_type="team",
        team=world.alpha,
        title="Alpha self-assessment",
        start_date=dt.date(2025, 6, 1),
    )


@pytest.fixture
def charlie_inspection(world, frameworks):
    return services.inspection_open(
        framework=frameworks["hmic-2008"],
        scope_type="team",
        team=world.charlie,
        title="Charlie HMIC",
        start_date=dt.date(2025, 6, 1),
    )


def open_body(world, **more):
    return {
        "framework": "npia-self-assessment",
        "scope_type": "team",
        "team": world.alpha.id,
        "title": "Alpha self-assessment",
        "start_date": "2025-06-01",
        **more,
    }


def test_inspector_opens_an_inspection_with_evidence_frozen(client_for, world, frameworks):
    member = f.PostingFactory(team=world.alpha, role="constable").member
    for hours, activity in ((24, "patrol"), (8, "response_cover")):
        f.DutyRecordFactory(
            member=member,
            team=world.alpha,
            date=dt.date(2025, 5, 1),
            hours=Decimal(hours),
            activity=activity,
        )
    client = client_for("inspector")
    response = client.post(URL, open_body(world), content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["framework_code"] == "npia-self-assessment"
    assert (body["scope_type"], body["team"], body["force"]) == (
        "team",
        world.alpha.id,
        world.force.id,
    )
    inspection = Inspection.objects.get(pk=body["id"])
    assert inspection.judgements.count() == 39
    evidence = inspection.judgements.get(criterion__code="ACC-Q6").computed_evidence
    assert (evidence["value"], evidence["threshold"], evidence["met"]) == (0.25, 0.2, False)


@pytest.mark.parametrize(
    "who,scope,status",
    [
        ("force_admin", "force", 201),
        ("inspector", "bcu_south", 201),
        ("bcu_commander", "bcu_north", 201),
        ("bcu_commander", "team_bravo", 201),
        ("bcu_commander", "team_charlie", 400),  # another BCU's team: as if it did not exist
        ("bcu_commander", "force", 400),
        ("outsider_admin", "team_bravo", 400),
        ("sergeant", "team_bravo", 403),
        ("force_viewer", "team_bravo", 403),
        ("partner", "team_bravo", 403),
    ],
)
def test_who_may_open_what(client_for, world, frameworks, who, scope, status):
    field, target = {
        "force": ("force", world.force),
        "bcu_south": ("bcu", world.south),
        "bcu_north": ("bcu", world.north),
        "team_bravo": ("team", world.bravo),
        "team_charlie": ("team", world.charlie),
    }[scope]
    body = open_body(world, scope_type=field, team=None, framework="hmic-2008")
    del body["team"]
    body[field] = target.id
    response = client_for(who).post(URL, body, content_type="application/json")
    assert response.status_code == status, response.json()
    if status == 400:
        assert field in response.json()["error"]["fields"]
    assert Inspection.objects.count() == (1 if status == 201 else 0)


@pytest.mark.parametrize(
    "change,field",
    [
        ({"framework": "iso-9001"}, "framework"),
        ({"scope_type": "region"}, "scope_type"),
        ({"team": None}, "team"),
        ({"bcu": "north"}, "bcu"),
        ({"start_date": "01/06/2025"}, "start_date"),
        ({"start_date": "0001-01-01"}, "start_date"),
        ({"end_date": "2025-05-01"}, "end_date"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_refused_naming_the_field(client_for, world, frameworks, change, field):
    body = open_body(world, **change)
    if body.get("team") is None:
        body.pop("team")
    if body.get("bcu") == "north":
        body["bcu"] = world.north.id
    response = client_for("inspector").post(URL, body, content_type="application/json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert field in fields, fields
    assert not Inspection.objects.exists()


def test_judgements_list(client_for, world, alpha_inspection, django_assert_num_queries):
    client = client_for("sergeant")
    # Session + user, the inspection, the count, the page with its criteria.
    with django_assert_num_queries(5):
        response = client.get(f"{URL}{alpha_inspection.pk}/judgements/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 39
    first = body["results"][0]
    assert set(first) >= {
        "id",
        "criterion",
        "criterion_code",
        "theme",
        "metric",
        "grade",
        "evidence",
        "computed_evidence",
    }
    assert (first["criterion_code"], first["theme"], first["grade"]) == ("ACC-Q1", "Access", "")
    q6 = next(j for j in body["results"] if j["criterion_code"] == "ACC-Q6")
    assert q6["metric"] == "abstraction_rate"
    assert q6["computed_evidence"]["metric"] == "abstraction_rate"


@pytest.mark.parametrize(
    "who,status",
    [
        ("inspector", 200),
        ("force_admin", 200),
        ("bcu_commander", 200),
        ("superuser", 200),
        ("sergeant", 403),
        ("officer", 403),
        ("force_viewer", 403),
        ("other_sergeant", 404),
        ("partner", 404),
        ("outsider_admin", 404),
    ],
)
def test_who_may_grade(client_for, alpha_inspection, who, status):
    judgement = alpha_inspection.judgements.get(criterion__code="ACC-Q6")
    response = client_for(who).patch(
        f"{URL}{alpha_inspection.pk}/judgements/{judgement.pk}/",
        {
            "grade": "amber",
            "evidence": "Abstraction a quarter of the time.",
            "looking_fors_met": [1, 2],
        },
        content_type="application/json",
    )
    assert response.status_code == status, response.content[:300]
    judgement.refresh_from_db()
    if status == 200:
        assert response.json()["grade"] == "amber"
        assert (judgement.grade, judgement.looking_fors_met) == ("amber", [1, 2])
    else:
        assert judgement.grade == ""


def test_bcu_commander_may_not_grade_another_bcu(client_for, charlie_inspection):
    judgement = charlie_inspection.judgements.first()
    response = client_for("bcu_commander").patch(
        f"{URL}{charlie_inspection.pk}/judgements/{judgement.pk}/",
        {"grade": "meeting"},
        content_type="application/json",
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    "body,field",
    [
        ({"grade": "meeting"}, "grade"),  # an HMIC grade on the self-assessment
        ({"grade": "purple"}, "grade"),
        ({"looking_fors_met": [99]}, "looking_fors_met"),
    ],
)
def test_grade_must_be_the_frameworks(client_for, alpha_inspection, body, field):
    judgement = alpha_inspection.judgements.get(criterion__code="ACC-Q6")
    response = client_for("inspector").patch(
        f"{URL}{alpha_inspection.pk}/judgements/{judgement.pk}/",
        body,
        content_type="application/json",
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert Judgement.objects.get(pk=judgement.pk).grade == ""


def test_a_judgement_of_another_inspection_is_404(client_for, alpha_inspection, charlie_inspection):
    other = charlie_inspection.judgements.first()
    response = client_for("inspector").patch(
        f"{URL}{alpha_inspection.pk}/judgements/{other.pk}/",
        {"grade": "red"},
        content_type="application/json",
    )
    assert response.status_code == 404


def test_recommendations_add_and_list(client_for, world, frameworks, personas, alpha_inspection):
    earlier = services.inspection_open(
        framework=frameworks["npia-self-assessment"],
        scope_type="team",
        team=world.alpha,
        title="Alpha 2024",
        start_date=dt.date(2024, 6, 1),
    )
    old = services.recommendation_create(inspection=earlier, text="Publish priorities monthly.")
    client = client_for("bcu_commander")
    response = client.post(
        f"{URL}{alpha_inspection.pk}/recommendations/",
        {
            "text": "Publish priorities monthly, as recommended last year.",
            "owner": personas["sergeant"].pk,
            "due_on": "2025-09-01",
            "repeats": old.pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["repeats"], body["owner"]) == (
        "open",
        old.pk,
        personas["sergeant"].pk,
    )
    # A recommendation may not repeat one of a later inspection.
    response = client.post(
        f"{URL}{earlier.pk}/recommendations/",
        {"text": "x", "repeats": body["id"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "repeats" in response.json()["error"]["fields"]
    listed = client_for("sergeant").get(f"{URL}{alpha_inspection.pk}/recommendations/").json()
    assert [r["text"] for r in listed["results"]] == [
        "Publish priorities monthly, as recommended last year."
    ]
    response = client_for("sergeant").post(
        f"{URL}{alpha_inspection.pk}/recommendations/",
        {"text": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert Recommendation.objects.count() == 2


def test_closing_a_recommendation_needs_a_date(client_for, alpha_inspection):
    rec = services.recommendation_create(inspection=alpha_inspection, text="Name an ASB lead.")
    client = client_for("inspector")
    url = f"{URL}{alpha_inspection.pk}/recommendations/{rec.pk}/"
    response = client.patch(url, {"status": "closed"}, content_type="application/json")
    assert response.status_code == 400
    assert "closed_on" in response.json()["error"]["fields"]
    response = client.patch(
        url, {"status": "closed", "closed_on": "2025-08-01"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["closed_on"] == "2025-08-01"
