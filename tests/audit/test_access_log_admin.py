"""The admin shows the access log read-only: no add, change or delete, even for a superuser."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from audit.models import AccessLog

pytestmark = pytest.mark.django_db


def test_admin_is_read_only(personas):
    request = RequestFactory().get("/")
    request.user = personas["superuser"]
    model_admin = site._registry[AccessLog]
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request) is False
    assert model_admin.has_delete_permission(request) is False
    assert model_admin.has_view_permission(request) is True
