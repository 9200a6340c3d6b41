"""The contacts page's overdue rows keep their links readable (issue 13: 4.4:1 on the red
tint, below WCAG's 4.5:1), checked by axe in a real browser."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_overdue_contact_rows_pass_axe(new_page, world, personas):
    # Received 5 days ago, unanswered: past the 72-hour reply deadline.
    f.PublicContactFactory(
        neighbourhood=world.a1,
        team=world.alpha,
        received_at=timezone.now() - dt.timedelta(days=5),
    )
    page = new_page()
    sign_in(page, "sergeant")
    page.goto(f"/engagement/teams/{world.alpha.pk}/contacts/")
    assert page.locator("tr.npms-row--overdue a", has_text="Record reply").count() == 1
    assert_accessible(page)
