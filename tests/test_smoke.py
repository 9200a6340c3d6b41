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
