"""The browsable API passes axe too (issue 13: a button without a name)."""

import pytest

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("path", ["/api/v1/", "/api/v1/priorities/"])
def test_browsable_api_pages_pass_axe(new_page, world, personas, path):
    page = new_page()
    sign_in(page, "sergeant")
    response = page.goto(path)
    assert response.status == 200
    assert_accessible(page)
