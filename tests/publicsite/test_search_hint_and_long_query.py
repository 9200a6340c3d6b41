"""The public search (issue 13): the hint's example point is inside the demo force, and a
10,000-character query is refused with a clear message, never echoed back in full."""

import re

import pytest

from demo.midshire import AREA

pytestmark = pytest.mark.django_db


def test_the_hint_example_point_is_inside_the_demo_force(client):
    body = client.get("/n/").content.decode()
    lat, lng = map(float, re.search(r"or “(-?[\d.]+),(-?[\d.]+)”", body).groups())
    # The Midshire demo covers 52.45..52.69 N, 1.95..1.37 W (demo/midshire.py AREA).
    assert AREA.south < lat < AREA.north and AREA.west < lng < AREA.east


def test_a_very_long_query_is_refused_and_not_echoed(client):
    response = client.get("/n/", {"q": "x" * 10_000})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Your search is 10,000 characters long. Enter at most 200" in body
    assert "x" * 201 not in body
    assert 'value="' + "x" * 200 + '"' in body


def test_a_query_of_200_characters_is_searched(client):
    body = client.get("/n/", {"q": "y" * 200}).content.decode()
    assert "No neighbourhood is called" in body
