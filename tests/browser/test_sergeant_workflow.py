"""In a real browser: a sergeant signs in, logs a PACT meeting that sets a priority, reviews
it, closes it with the forum's sign-off, and the public page and the team's figures change;
a sergeant of another team cannot reach it."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from priorities.models import Priority
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def team_figure(page, team_id: int, header: str) -> str:
    """A figure of the team row of the team dashboard (live; the period ends yesterday)."""
    page.goto(f"/dashboards/team/{team_id}/")
    table = page.locator("table", has=page.locator("caption", has_text="The team"))
    headers = table.locator("thead th").all_inner_texts()
    return table.locator("tfoot tr > *").nth(headers.index(header)).inner_text().strip()


def test_pact_meeting_to_closed_priority(new_page, world, personas):
    # The dashboards' periods end yesterday, so the meeting and the closure are dated
    # before it: met 14 days ago, reviewed 7 days ago, closed 2 days ago.
    today = timezone.localdate()
    met_on = today - dt.timedelta(days=14)
    reviewed_on = today - dt.timedelta(days=7)
    closed_on = today - dt.timedelta(days=2)
    public = new_page()
    public.goto("/n/testshire/A1/")
    expect(public.get_by_text("There are no open priorities at the moment.")).to_be_visible()
    assert_accessible(public)

    page = new_page()
    sign_in(page, "sergeant")
    expect(page.get_by_role("heading", name="Alpha NPT")).to_be_visible()
    assert_accessible(page)
    assert team_figure(page, world.alpha.pk, "Open priorities") == "0"
    page.goto("/")

    # Log the PACT meeting and the priority it agreed, in one form.
    page.get_by_role("link", name="Log a meeting").first.click()
    assert_accessible(page)
    page.get_by_label("Kind").select_option("pact_meeting")
    page.get_by_label("Neighbourhood").select_option(label="Abbey")
    page.get_by_label("Title").first.fill("Abbey PACT, March")
    page.get_by_label("Started").fill(f"{met_on.isoformat()}T19:00")
    page.get_by_label("Where", exact=False).first.fill("Abbey Community Centre, High Street")
    page.get_by_label("How many people came").fill("23")
    page.get_by_label("Who chaired it").fill("Cllr Green")
    page.get_by_label("Minutes").fill("Residents raised speeding by the school.")
    row = page.locator("fieldset", has_text="New priority 1")
    row.get_by_label("Title").fill("Speeding on Station Road")
    row.get_by_label("What is the problem?").fill("Cars speeding past the school gates.")
    row.get_by_label("Category").select_option("road_safety")
    # First without where and when: refused, beside the field, nothing lost.
    page.get_by_role("button", name="Save meeting").click()
    expect(page.locator("#id_new-0-where-error")).to_be_visible()
    expect(page.get_by_label("Who chaired it")).to_have_value("Cllr Green")
    row = page.locator("fieldset", has_text="New priority 1")
    expect(row.get_by_label("Title")).to_have_value("Speeding on Station Road")
    row.get_by_label("Where does it happen?").fill("Station Road by the primary school")
    row.get_by_label("When does it happen?").fill("Weekdays 8am to 9am")
    page.get_by_role("button", name="Save meeting").click()
    expect(page.get_by_role("heading", name="Abbey PACT, March")).to_be_visible()
    priority = Priority.objects.get(title="Speeding on Station Road")
    assert priority.raised_at.title == "Abbey PACT, March"

    # The public page now lists it.
    public.reload()
    expect(public.get_by_test_id("public-priority")).to_contain_text("Speeding on Station Road")

    # Review it.
    page.get_by_role("link", name="Speeding on Station Road").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add review, update or feedback").click()
    page.get_by_label("Formal review").check()
    page.get_by_label("Date", exact=True).fill(reviewed_on.isoformat())
    page.get_by_label("What was agreed, done or said").fill(
        "Speed checks on three mornings; 14 drivers warned."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Speed checks on three mornings; 14 drivers warned.")).to_be_visible()
    public.reload()
    expect(public.get_by_test_id("public-priority")).to_contain_text("14 drivers warned")

    # The team home lists it as open and the team dashboard counts it.
    assert team_figure(page, world.alpha.pk, "Open priorities") == "1"
    page.goto("/")
    expect(page.get_by_role("link", name="Speeding on Station Road")).to_be_visible()

    # Close it with the forum's sign-off and feedback.
    page.get_by_role("link", name="Speeding on Station Road").click()
    page.get_by_role("link", name="Close priority").click()
    page.get_by_label("Date closed").fill(closed_on.isoformat())
    page.get_by_label("Resolved", exact=True).check()
    page.get_by_label("The forum (PACT meeting or ward panel) agreed it is dealt with").check()
    page.get_by_label("What we did (public feedback)").fill(
        "Speed signs installed; the April PACT agreed speeding has stopped."
    )
    page.get_by_role("button", name="Close priority").click()
    expect(page.get_by_text("Resolved on")).to_be_visible()
    expect(page.get_by_text("signed off by the forum")).to_be_visible()
    priority.refresh_from_db()
    assert (priority.status, priority.outcome, priority.public_signoff) == (
        "closed",
        "resolved",
        True,
    )

    # The public page moves it to "Recently dealt with", with what was done.
    public.reload()
    expect(public.get_by_text("There are no open priorities at the moment.")).to_be_visible()
    closed = public.get_by_test_id("closed-priority")
    expect(closed).to_contain_text("Speeding on Station Road")
    expect(closed).to_contain_text("agreed by the community meeting")
    expect(closed).to_contain_text("Speed signs installed")

    # The team's home no longer lists it as open, nor does the team dashboard count it.
    page.goto("/")
    expect(page.get_by_text("No open priorities.")).to_be_visible()
    assert team_figure(page, world.alpha.pk, "Open priorities") == "0"

    # A sergeant of another team cannot reach it.
    other = new_page()
    sign_in(other, "other_sergeant")
    response = other.goto(f"/priorities/{priority.pk}/")
    assert response.status == 404
    assert other.goto(f"/team/{world.alpha.pk}/").status == 404
    assert other.goto(f"/priorities/{priority.pk}/close/").status == 404
