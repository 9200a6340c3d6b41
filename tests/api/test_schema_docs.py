"""The OpenAPI schema at /api/schema/ lists every fixed path; /api/docs/ serves Swagger UI
from our own static files (drf-spectacular-sidecar), not from a CDN."""

import pytest

pytestmark = pytest.mark.django_db

FIXED_PATHS = [
    "/api/v1/forces/",
    "/api/v1/bcus/",
    "/api/v1/neighbourhoods/",
    "/api/v1/neighbourhoods/{id}/",
    "/api/v1/teams/",
    "/api/v1/members/",
    "/api/v1/postings/",
    "/api/v1/duty-records/",
    "/api/v1/partners/",
    "/api/v1/events/",
    "/api/v1/contacts/",
    "/api/v1/priorities/",
    "/api/v1/priorities/{id}/reviews/",
    "/api/v1/plans/",
    "/api/v1/plans/{id}/actions/",
    "/api/v1/plans/{id}/reviews/",
    "/api/v1/inspections/",
    "/api/v1/inspections/{id}/judgements/",
    "/api/v1/inspections/{id}/judgements/{judgement_id}/",
    "/api/v1/inspections/{id}/recommendations/",
    "/api/v1/metrics/priorities-per-neighbourhood/",
    "/api/v1/metrics/priorities-with-plan/",
    "/api/police-uk/forces",
    "/api/police-uk/forces/{force}",
    "/api/police-uk/{force}/neighbourhoods",
    "/api/police-uk/{force}/{code}",
    "/api/police-uk/{force}/{code}/boundary",
    "/api/police-uk/{force}/{code}/people",
    "/api/police-uk/{force}/{code}/events",
    "/api/police-uk/{force}/{code}/priorities",
    "/api/police-uk/locate-neighbourhood",
]


def test_schema_lists_every_fixed_path_with_error_responses(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in FIXED_PATHS:
        assert path in schema["paths"], path
    patch = schema["paths"]["/api/v1/priorities/{id}/"]["patch"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(patch["responses"])
    assert schema["components"]["securitySchemes"]["ApiKeyAuth"]["in"] == "header"
    params = {p["name"] for p in schema["paths"]["/api/v1/priorities/"]["get"]["parameters"]}
    assert {"neighbourhood", "team", "bcu", "status", "category", "updated_since"} <= params
    assert {"date_set_after", "date_set_before", "cursor", "ordering"} <= params


def test_docs_use_local_assets(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn.jsdelivr" not in html and "unpkg" not in html
