"""In a real browser on a phone-sized screen (390x844): a sergeant starts a SARA plan from a
priority, writes the scan, objectives and triangle, adds an EPIC action and ticks it done
(htmx), records a review, is refused closing while the priority is open, closes the priority
with the forum's sign-off and then the plan; axe finds no serious violation on any page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from problemsolving.models import Plan
from tests import factories as f
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_plan_from_priority_to_closure_on_a_phone(new_page, world, personas):
    today = timezone.localdate()
    priority = f.PriorityFactory(
        neighbourhood=world.a1,
        title="Motorbikes on Mill Road",
        description="Off-road motorbikes ridden along the service road every evening.",
        date_set=today - dt.timedelta(days=30),
    )
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "sergeant")

    # From the priority page (its plans load with htmx) to a new plan.
    page.goto(f"/priorities/{priority.pk}/")
    page.get_by_role("link", name="Start a problem-solving plan").click()
    assert_accessible(page)
    expect(page.get_by_label("Title")).to_have_value("Motorbikes on Mill Road")
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", name="Motorbikes on Mill Road", level=1)).to_be_visible()
    expect(page.get_by_text("Quality: 0 of 8")).to_be_visible()
    assert_accessible(page)
    plan = Plan.objects.get()

    # Skipping the analysis is refused beside the triangle, nothing lost.
    page.get_by_label("Move the plan to").select_option("response")
    page.get_by_role("button", name="Move the plan").click()
    expect(page.locator("#id_victim-error")).to_contain_text("victim side")
    assert_accessible(page)

    page.get_by_label("Objectives").fill("Halve calls about nuisance riding within 12 weeks.")
    page.get_by_label("Victim").fill("Shop staff and customers")
    page.get_by_label("Offender").fill("Four teenagers on stolen bikes")
    page.get_by_label("Location").fill("Unlit service road behind the shops")
    page.get_by_label("Data sources").fill("Calls for service; council CCTV log")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("Plan saved.")).to_be_visible()
    page.get_by_label("Move the plan to").select_option("response")
    page.get_by_role("button", name="Move the plan").click()
    expect(page.get_by_text("The plan is now at the Response stage.")).to_be_visible()

    # Add an action and tick it done, both without a page load (htmx).
    page.get_by_text("Add an action").click()
    page.get_by_label("Type (EPIC)").select_option("enforcement")
    page.get_by_label("Action", exact=True).fill("Seize bikes under section 59")
    page.get_by_label("Action owner (officer)").select_option(
        label=personas["officer"].get_full_name()
    )
    page.get_by_label("Due by").fill((today + dt.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("Action added.")).to_be_visible()
    expect(page.locator("#actions-section")).to_contain_text("Seize bikes under section 59")
    page.get_by_role("button", name="Mark done").click()
    expect(page.locator("#actions-section .govuk-tag--green", has_text="Done")).to_be_visible()
    assert plan.actions.get().done_on == today
    assert_accessible(page)

    # A review sets the next review date from it.
    page.get_by_label("Review notes").fill("Two bikes seized; calls down already.")
    page.get_by_role("button", name="Record the review").click()
    due = today + dt.timedelta(days=world.force.plan_review_days)
    expect(page.get_by_text(f"Next review due by {due:%-d %B %Y}.")).to_be_visible()

    page.get_by_label("Move the plan to").select_option("assessment")
    page.get_by_role("button", name="Move the plan").click()
    expect(page.get_by_text("The plan is now at the Assessment stage.")).to_be_visible()
    page.get_by_label("Assessment of the results").fill("Calls fell from 24 to 5 a month.")
    page.get_by_label("Why the plan can close").fill("Traders at the panel are satisfied.")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.get_by_text("Plan saved.")).to_be_visible()

    # Closing while the priority is open is refused, beside the priority.
    page.get_by_label("Move the plan to").select_option("closed")
    page.get_by_label("Outcome (when closing)").select_option("reduced")
    page.get_by_label("Closed on (when closing)").fill(today.isoformat())
    page.get_by_role("button", name="Move the plan").click()
    expect(page.locator("#priority-error")).to_contain_text("public's sign-off")
    assert_accessible(page)

    # The forum signs the priority off; then the plan closes.
    page.goto(f"/priorities/{priority.pk}/")
    page.get_by_role("link", name="Close priority").click()
    page.get_by_label("Resolved", exact=True).check()
    page.get_by_label("The forum (PACT meeting or ward panel) agreed it is dealt with").check()
    page.get_by_role("button", name="Close priority").click()
    expect(page.get_by_text("signed off by the forum")).to_be_visible()
    page.goto(f"/plans/{plan.pk}/")
    page.get_by_label("Move the plan to").select_option("closed")
    page.get_by_label("Outcome (when closing)").select_option("reduced")
    page.get_by_label("Closed on (when closing)").fill(today.isoformat())
    page.get_by_role("button", name="Move the plan").click()
    expect(page.get_by_text("The plan is now at the Closed stage.")).to_be_visible()
    plan.refresh_from_db()
    assert (plan.stage, plan.outcome, plan.closed_on) == ("closed", "reduced", today)
    assert_accessible(page)

    page.get_by_role("link", name="Print the plan").click()
    expect(page.get_by_text("Seize bikes under section 59")).to_be_visible()
    assert_accessible(page)
    page.goto("/plans/?q=motorbike")
    expect(page.locator("mark").first).to_have_text("Motorbikes")
    assert_accessible(page)
