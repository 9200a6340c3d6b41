"""Log a meeting in a browser (issue 13): open priorities are a compact tick list; ticking one
from the keyboard reveals its text box, and only ticked ones are saved as reviewed."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from priorities.models import PriorityReview
from tests import factories as f
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tick_a_priority_to_review_it(new_page, world, personas):
    litter = f.PriorityFactory(
        neighbourhood=world.a1, title="Litter in the park", date_set=dt.date(2025, 1, 6)
    )
    f.PriorityFactory(
        neighbourhood=world.a1, title="Parking on Mill Road", date_set=dt.date(2025, 1, 6)
    )
    page = new_page()
    sign_in(page, "sergeant")
    page.goto(f"/priorities/teams/{world.alpha.pk}/meetings/new/")
    said = page.locator(f"#id_review-{litter.pk}-text")
    expect(said).to_be_hidden()  # unticked: no text box
    tick = page.get_by_label("Litter in the park")
    tick.focus()
    page.keyboard.press("Space")
    expect(said).to_be_visible()
    said.fill("Bins now emptied weekly; keep it")
    page.get_by_label("Title", exact=True).first.fill("Abbey PACT, March")
    page.get_by_label("Started").fill("2025-03-03T19:00")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_role("heading", name="Priorities reviewed at this meeting")).to_be_visible()
    expect(page.get_by_test_id("meeting-reviews")).to_contain_text("Bins now emptied weekly")
    assert list(PriorityReview.objects.values_list("priority__title", flat=True)) == [
        "Litter in the park"
    ]
