"""The public search /n/: by name, or by a point found with PostGIS point-in-polygon."""

import pytest

pytestmark = pytest.mark.django_db


def test_search_page_renders_without_sign_in(client, world):
    response = client.get("/n/")
    assert response.status_code == 200
    assert 'id="search-map"' in response.content.decode()


def test_search_by_name(client, world):
    response = client.get("/n/?q=arb")
    body = response.content.decode()
    assert "Arbury" in body and "/n/testshire/A2/" in body
    assert [n.name for n in response.context["results"]] == ["Arbury"]


def test_search_by_a_point_inside_a_boundary(client, world):
    # A point in the middle of A1's square boundary (its centroid), written "lat,lng".
    lat, lng = world.a1.boundary.centroid.y, world.a1.boundary.centroid.x
    response = client.get(f"/n/?q={lat:.6f},{lng:.6f}")
    assert response.status_code == 302
    assert response["Location"] == "/n/testshire/A1/"


def test_a_point_nowhere_says_so(client, world):
    body = client.get("/n/?q=10.0,10.0").content.decode()
    assert "No neighbourhood we know of covers that point" in body
    assert 'id="q-error"' in body


@pytest.mark.parametrize(
    "q,message", [("x", "at least 2 letters"), ("Zzzz", "No neighbourhood is called")]
)
def test_bad_text(client, world, q, message):
    assert message in client.get(f"/n/?q={q}").content.decode()


def test_out_of_range_coordinates_say_so(client, world):
    # Two numbers are a point, not a name: say what is wrong with it (they used to be searched
    # for as a name).
    body = client.get("/n/?q=95.0,200.0").content.decode()
    assert "Latitude must be between -90 and 90" in body and 'id="q-error"' in body
    assert "No neighbourhood is called" not in body


def test_text_with_a_comma_is_a_name(client, world):
    assert "No neighbourhood is called" in client.get("/n/?q=Abbey,+North").content.decode()


def test_search_map_outlines_every_neighbourhood_with_its_page(client, world):
    response = client.get("/n/")
    outlines = response.context["outlines"]["features"]
    # The world has five neighbourhoods with boundaries: A1, A2, B1, C1 and Otherforce's O1.
    assert sorted(f["properties"]["url"] for f in outlines) == [
        "/n/otherforce/O1/",
        "/n/testshire/A1/",
        "/n/testshire/A2/",
        "/n/testshire/B1/",
        "/n/testshire/C1/",
    ]
    # Simplifying a one-part boundary gives a Polygon.
    assert {f["geometry"]["type"] for f in outlines} <= {"Polygon", "MultiPolygon"}
    assert b'id="search-outlines"' in response.content
