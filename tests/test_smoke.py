import pytest


@pytest.mark.django_db
def test_login_page_renders(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


def test_admin_index_renders_for_superuser(client_for):
    response = client_for("superuser").get("/admin/")
    assert response.status_code == 200
    assert b"Site administration" in response.content


def test_admin_neighbourhood_list_maps_the_boundaries(client_for, world):
    response = client_for("superuser").get("/admin/teams/neighbourhood/")
    assert response.status_code == 200
    features = response.context["boundaries_geojson"]["features"]
    # The world has five neighbourhoods, all with boundaries: A1, A2, B1, C1 and Otherforce's O1.
    names = sorted(feature["properties"]["name"] for feature in features)
    assert names == sorted(["Abbey", "Arbury", "Barnwell", "Cherry Hinton", "Elsewhere"])
    assert {feature["geometry"]["type"] for feature in features} == {"MultiPolygon"}
    assert b'id="neighbourhood-map"' in response.content
