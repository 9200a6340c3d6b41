"""In a real browser: an inspector opens a self-assessment of team Alpha, sees the frozen
abstraction figure (8 h of 32: 25%, over the 20% standard), ticks looking-fors and grades the
question, reads the RAG the template's rule gives, adds a recommendation and prints the
report; every page clean under axe. A sergeant of the team reads it without forms."""

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import expect

from inspections.models import Inspection, Recommendation
from tests import factories as f
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

frameworks_migration = importlib.import_module("inspections.migrations.0003_frameworks")


def test_inspector_grades_a_team(new_page, world, personas):
    # A transactional test starts with the tables the previous one emptied.
    frameworks_migration.load_frameworks(apps, None)
    today = timezone.localdate()
    member = f.PostingFactory(team=world.alpha, role="constable").member
    for hours, activity in ((24, "patrol"), (8, "response_cover")):
        f.DutyRecordFactory(
            member=member,
            team=world.alpha,
            date=today - dt.timedelta(days=10),
            hours=Decimal(hours),
            activity=activity,
        )

    page = new_page()
    sign_in(page, "inspector")
    page.goto("/inspections/")
    expect(page.get_by_role("heading", name="Inspections", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Framework").select_option("npia-self-assessment")
    page.get_by_label("Force, BCU or team to inspect").select_option(label="Alpha NPT")
    page.get_by_label("Title").fill("Alpha NPT self-assessment")
    page.get_by_label("Start date").fill(today.isoformat())
    page.get_by_role("button", name="Open the inspection").click()
    expect(page.get_by_role("heading", name="Alpha NPT self-assessment")).to_be_visible()
    inspection = Inspection.objects.get(title="Alpha NPT self-assessment")
    assert_accessible(page)

    q6 = inspection.judgements.get(criterion__code="ACC-Q6")
    block = page.locator(f"#criterion-{q6.pk}")
    kept = block.locator("tr", has_text="When the inspection opened")
    expect(kept).to_contain_text("25.0%")
    expect(kept).to_contain_text("Not met")
    expect(block.locator("caption")).to_contain_text("at most 20.0%")
    block.get_by_label("The assessor knows how often they themselves are taken away.").check()
    block.get_by_label("How often each team member is taken away is recorded.").check()
    block.get_by_label("Grade").select_option("amber")
    block.get_by_label("Evidence").fill("Abstraction is recorded, but a quarter of the time.")
    block.get_by_role("button", name="Save ACC-Q6").click()
    expect(page.get_by_text("ACC-Q6 saved.")).to_be_visible()
    expect(page.locator(f"#rag-{q6.pk}")).to_contain_text("Amber")
    expect(page.locator(f"#rag-{q6.pk}")).to_contain_text("2 of 3")
    q6.refresh_from_db()
    assert (q6.grade, q6.looking_fors_met) == ("amber", [1, 2])

    page.get_by_label("Recommendation", exact=True).fill(
        "Agree a cover rota that keeps abstraction in policy."
    )
    page.get_by_label("Owner (optional)", exact=True).select_option(str(personas["sergeant"].pk))
    page.get_by_label("Due by").fill((today + dt.timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Add the recommendation").click()
    expect(page.get_by_text("Recommendation added.")).to_be_visible()
    assert Recommendation.objects.get(inspection=inspection).owner == personas["sergeant"]
    assert_accessible(page)

    page.get_by_role("link", name="Printable report").click()
    expect(page.locator("#recommendations")).to_contain_text("Agree a cover rota")
    assert_accessible(page)

    reader = new_page()
    sign_in(reader, "sergeant")
    reader.goto(f"/inspections/{inspection.pk}/")
    expect(
        reader.get_by_text("Abstraction is recorded, but a quarter of the time.")
    ).to_be_visible()
    expect(reader.get_by_role("button", name="Save ACC-Q6")).to_have_count(0)
    assert_accessible(reader)
