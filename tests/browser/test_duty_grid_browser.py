"""In a real browser: the week grid saves (quick entry and a split shift) and the
abstraction rate beside it matches the hand-worked value."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from teams.models import DutyRecord
from tests import factories as f
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONDAY = dt.date(2025, 3, 3)


def test_week_grid_saves_and_shows_the_abstraction_rate(new_page, world, personas):
    adams = f.MemberFactory(force=world.force, name="PC Adams")
    brown = f.MemberFactory(force=world.force, name="PCSO Brown")
    f.PostingFactory(member=adams, team=world.alpha, start_date=dt.date(2024, 1, 1))
    f.PostingFactory(member=brown, team=world.alpha, role="pcso", start_date=dt.date(2024, 1, 1))
    tuesday = MONDAY + dt.timedelta(days=1)

    page = new_page()
    sign_in(page, "sergeant")
    page.goto(f"/teams/{world.alpha.pk}/duty/?week={MONDAY.isoformat()}")
    rate = page.get_by_test_id("abstraction-rate")
    panel = page.get_by_test_id("abstraction")
    panel.wait_for()
    assert "No working hours recorded" in panel.inner_text()
    assert_accessible(page)

    # Quick entry: a normal shift (8 h patrol) for PC Adams on Monday.
    page.get_by_role("button", name=f"Normal shift for PC Adams, {MONDAY:%A} 3 March").click()
    page.get_by_test_id(f"cell-{adams.pk}-{MONDAY.isoformat()}").get_by_text(
        "8 h Patrol"
    ).wait_for()
    # 8 h patrol, nothing abstracted: 0 / 8 = 0.0%.
    expect(rate).to_have_text("0.0%")

    # A split shift for PCSO Brown on Tuesday: 4 h patrol, 4 h response cover, and 2 h
    # custody cover on paid overtime (left out of both sides).
    page.get_by_role("link", name=f"Add PCSO Brown, {tuesday:%A} 4 March").click()
    page.get_by_role("heading", name="PCSO Brown, Tuesday 4 March 2025").wait_for()
    page.locator("#id_entry-0-activity").select_option("patrol")
    page.locator("#id_entry-0-hours").fill("4")
    page.locator("#id_entry-1-activity").select_option("response_cover")
    page.locator("#id_entry-1-hours").fill("4")
    page.locator("#id_entry-2-activity").select_option("custody_cover")
    page.locator("#id_entry-2-hours").fill("2")
    page.locator("#id_entry-2-paid_overtime").check()
    page.get_by_role("button", name="Save day").click()
    page.get_by_test_id(f"cell-{brown.pk}-{tuesday.isoformat()}").get_by_text("(OT)").wait_for()

    # Working hours 8 + 4 + 4 = 16, abstracted 4 (response cover): 4 / 16 = 25.0%,
    # above the 20% limit, so "Red" in words as well as colour.
    expect(rate).to_have_text("25.0%")
    assert "Red" in panel.inner_text()
    assert "16" in panel.inner_text()
    assert sorted(
        DutyRecord.objects.filter(team=world.alpha).values_list(
            "activity", "hours", "paid_overtime"
        )
    ) == sorted(
        [
            ("patrol", Decimal("8.00"), False),
            ("patrol", Decimal("4.00"), False),
            ("response_cover", Decimal("4.00"), False),
            ("custody_cover", Decimal("2.00"), True),
        ]
    )

    # A mistake is shown beside the field and what was typed is kept.
    page.get_by_role("link", name=f"Add PC Adams, {tuesday:%A} 4 March").click()
    page.locator("#id_entry-0-activity").select_option("patrol")
    page.locator("#id_entry-0-hours").fill("30")
    page.get_by_role("button", name="Save day").click()
    page.locator("#id_entry-0-hours-error").wait_for()
    assert page.locator("#id_entry-0-hours").input_value() == "30"
    assert page.get_by_text("There is a problem").is_visible()
