"""The trend charts and the table of their figures on the BCU page, written by
``dashboards.charts`` rather than template loops (issue 14): the same words and numbers a
reader checks, the bar of a week above the limit drawn red, "–" where a week has no figure."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboards import services
from dashboards.selectors import standard_periods
from tests import factories as f


@pytest.fixture
def end(world):
    """Yesterday Alpha logs 6 h patrol and 2 h response cover (25% abstracted, over the 20%
    limit); Abbey has one priority set 40 days before."""
    _start, end = standard_periods()["28d"]
    member = f.PostingFactory(team=world.alpha, role="constable", start_date=end).member
    for hours, activity in ((6, "patrol"), (2, "response_cover")):
        f.DutyRecordFactory(
            member=member, team=world.alpha, date=end, hours=Decimal(hours), activity=activity
        )
    f.PriorityFactory(neighbourhood=world.a1, date_set=end - dt.timedelta(days=40))
    services.snapshot_nightly(today=timezone.localdate())
    return end


def _rows(html: str) -> list[list[str]]:
    table = html.split('id="trend-table"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody", 1)[1]
    return [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_trend_table_rows(client_for, world, end):
    response = client_for("bcu_commander").get(f"/dashboards/bcu/{world.north.id}/")
    rows = _rows(response.content.decode())
    assert len(rows) == 12
    monday = end - dt.timedelta(days=end.weekday())
    week = f"{monday.day} {monday:%b} to {end.day} {end:%b} {end.year}"
    # Week, working hours, abstraction rate, open, 0-30, 31-90, 91-180, 181+, median age.
    assert rows[-1] == [week, "8", "25%", "1", "0", "1", "0", "0", "40"]
    # Eleven weeks before: no duty logged, the priority not yet set.
    assert rows[0][1:] == ["–", "–", "0", "0", "0", "0", "0", "–"]


def test_abstraction_chart_bar_over_the_limit(client_for, world, end):
    html = client_for("bcu_commander").get(f"/dashboards/bcu/{world.north.id}/").content.decode()
    # The twelfth slot of (640 - 48 - 8) / 12 = 48.67 px starts at 48 + 11 x 48.67 + 15% of
    # it = 590.6, is 70% of it wide (34.1); the scale tops at 25% (the limit x 1.25 and the
    # week's rate), so the bar fills the 180 px plot from y 12. Red: 25% is over 20%.
    assert '<rect x="590.6" y="12.0" width="34.1" height="180.0" fill="#d4351c"/>' in html
    # Only that week has hours: one bar in the abstraction chart.
    chart = html.split('aria-labelledby="abstraction-chart-title"', 1)[1].split("</svg>", 1)[0]
    assert chart.count("<rect") == 1
    assert ">limit 20%</text>" in chart
