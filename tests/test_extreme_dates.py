"""Extreme dates in a URL or query string get a clear 400 naming the parameter, never a 500
(issue 12, items 4 and 5). Each of these was a 500 before npms.dates.query_date."""

import pytest
from django.test import Client

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas["sergeant"])
    return client


@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "2026-02-30", "next"])
def test_duty_week(client, world, week):
    response = client.get(f"/teams/{world.alpha.pk}/duty/?week={week}")
    assert response.status_code == 400
    body = response.content.decode()
    assert "week" in body and 'class="govuk-header' in body


def test_duty_week_edges_still_work(client, world):
    assert client.get(f"/teams/{world.alpha.pk}/duty/?week=2100-12-31").status_code == 200
    assert client.get(f"/teams/{world.alpha.pk}/duty/?week=1900-01-01").status_code == 200
    assert client.get(f"/teams/{world.alpha.pk}/duty/").status_code == 200


def test_duty_day_far_future_is_not_found(client, world):
    member = f.MemberFactory(force=world.force)
    f.PostingFactory(member=member, team=world.alpha)
    assert client.get(f"/teams/{world.alpha.pk}/duty/{member.pk}/9999-12-31/").status_code == 404


def test_team_abstraction(client, world):
    url = f"/team/{world.alpha.pk}/abstraction/?start=0001-01-01&end=2026-01-01"
    response = client.get(url)
    assert response.status_code == 400
    assert "start: Give a date between 1900 and 2100." in response.content.decode()


def test_metric_api_as_of(client, world):
    response = client.get(
        f"/api/v1/metrics/priority-ageing/?team={world.alpha.pk}&as_of=0001-01-01"
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "as_of": ["Give a date between 1900 and 2100."]
    }


def test_metric_api_period(client, world):
    response = client.get(
        f"/api/v1/metrics/abstraction/?team={world.alpha.pk}&start=2026-01-01&end=9999-12-31"
    )
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["end"]
