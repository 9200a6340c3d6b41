"""Errors in the service's own layout, with a way back (issue 13)."""

import pytest
from django.test import Client, override_settings
from django.urls import path


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom)]


@pytest.mark.django_db
def test_not_found_is_in_the_layout_with_a_way_home(client_for, world):
    response = client_for("sergeant").get("/no/such/page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body
    assert 'href="/">Go to your home page' in body
    assert "govuk-header" in body


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_is_in_the_layout_and_says_nothing_was_saved():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in body
    assert "has not been saved" in body
    assert "govuk-header" in body
