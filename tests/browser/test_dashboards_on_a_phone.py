"""The dashboards on a 390 px phone (issue 13: the team dashboard was wider than the phone):
the page fits, each wide table scrolls sideways inside its own focusable, named region, and
the team's own figures are stacked, each saying its column. The whole-site crawl
(``test_accessibility_crawl``) checks the same for the sergeant's pages on the demo force."""

import datetime as dt
from decimal import Decimal

import pytest

from tests import factories as f
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_accessibility_crawl import horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def staffed(world):
    yesterday = dt.date.today() - dt.timedelta(days=1)
    for team in (world.alpha, world.bravo):
        for role in ("sergeant", "constable", "pcso"):
            member = f.PostingFactory(team=team, role=role, start_date=dt.date(2024, 1, 1)).member
            f.DutyRecordFactory(
                member=member, team=team, date=yesterday, hours=Decimal("8"), activity="patrol"
            )
    f.PriorityFactory(neighbourhood=world.a1)
    return world


def _regions(page) -> list[tuple[str, str, bool]]:
    """(accessible name, tabindex, scrolls) of each table region."""
    return page.eval_on_selector_all(
        ".npms-table-region",
        "els => els.map(e => [e.getAttribute('aria-label'), e.getAttribute('tabindex'),"
        " e.scrollWidth > e.clientWidth])",
    )


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("sergeant", "team/{alpha}"),
        ("bcu_commander", "bcu/{north}"),
        ("force_admin", "force/{force}"),
    ],
)
def test_dashboard_fits_a_phone(new_page, staffed, personas, persona, path):
    world = staffed
    page = new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, persona)
    url = (
        "/dashboards/"
        + path.format(alpha=world.alpha.pk, north=world.north.pk, force=world.force.pk)
        + "/"
    )
    page.goto(url)
    assert horizontal_overflow(page) is None
    regions = _regions(page)
    assert regions, "every dashboard table is in a scrolling region"
    assert all(name and tabindex == "0" for name, tabindex, _scrolls in regions), regions
    if persona != "sergeant":
        # The table of teams or BCUs is wider than the phone: it scrolls in its region.
        assert regions[0][2], regions[0]
    else:
        # The team's own figures are stacked, each saying its column.
        first = page.locator(".npms-table-stack tfoot td").first
        label = first.evaluate("td => getComputedStyle(td, '::before').content")
        assert label == '"Abstraction rate: "'
        assert first.evaluate("td => getComputedStyle(td).display") == "block"
        assert not regions[0][2]
    assert_accessible(page)
