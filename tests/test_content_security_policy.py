"""A content security policy with no inline script (issue 12, item 4): every page sends the
policy, scripts come from our origin, and the only inline scripts are django-leaflet's map
set-up carrying the request's nonce (or JSON data, which does not run)."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S)


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def _inline_scripts_without_nonce(body: str, nonce: str | None) -> list[str]:
    bad = []
    for attrs, content in SCRIPT.findall(body):
        if "src=" in attrs or 'type="application/json"' in attrs or not content.strip():
            continue
        if nonce and f'nonce="{nonce}"' in attrs:
            continue
        bad.append(content.strip()[:80])
    return bad


def _check(response):
    assert response.status_code == 200
    policy = _policy(response)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["default-src"] == "default-src 'self'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"])
    body = response.content.decode()
    assert _inline_scripts_without_nonce(body, nonce and nonce.group(1)) == []


def test_team_pages(client_for, world):
    client = client_for("sergeant")
    for url in ("/", f"/teams/{world.alpha.pk}/duty/", f"/priorities/teams/{world.alpha.pk}/new/"):
        _check(client.get(url))


def test_sign_in_page(client):
    _check(client.get("/accounts/login/"))


def test_public_neighbourhood_page_with_its_map(client, world):
    response = client.get(f"/n/{world.force.slug}/{world.a1.code}/")
    _check(response)
    assert "'nonce-" in response["Content-Security-Policy"]  # the map's set-up script


def test_admin_neighbourhood_map(client_for, world):
    _check(client_for("superuser").get(f"/{settings.ADMIN_URL}teams/neighbourhood/"))


def test_api_docs(client_for, world):
    response = client_for("sergeant").get("/api/docs/")
    _check(response)


def test_admin_map_widget(client_for, world):
    response = client_for("superuser").get(
        f"/{settings.ADMIN_URL}teams/neighbourhood/{world.a1.pk}/change/"
    )
    _check(response)
    assert "'nonce-" in response["Content-Security-Policy"]
