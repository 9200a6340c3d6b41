"""A refused page is the service's own 403 page, in its layout, with a way back (issue 12,
item 3)."""

import pytest

pytestmark = pytest.mark.django_db


def test_403_page_in_the_layout(client_for, world):
    response = client_for("sergeant").get("/accounts/api-keys/")
    assert response.status_code == 403
    body = response.content.decode()
    assert '<h1 class="govuk-heading-l">You do not have permission to see this page</h1>' in body
    assert "Only a force administrator may manage API keys." in body  # the reason
    assert 'class="govuk-header' in body and "Sign out" in body
    assert '<a class="govuk-link" href="/">Go back to your home page</a>' in body
