"""The sergeant's home lists overdue reviews from all the team's open priorities, not only the
ten shown in its "Open priorities" table: both lists are cut from one query (issue 15), and a
team with more open priorities than that query fetches gets a second one for the overdue."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from dashboards import team_views
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def priorities(world):
    today = timezone.localdate()
    # Eleven old priorities, each reviewed 10 days ago: not overdue (10 <= 90 days).
    for n in range(11):
        old = f.PriorityFactory(
            neighbourhood=world.a1,
            title=f"Old priority {n:02d}",
            date_set=today - dt.timedelta(days=300 - n),
        )
        f.PriorityReviewFactory(priority=old, date=today - dt.timedelta(days=10))
    # Newer, never reviewed: due 90 days after being set. Set 100 days ago: due 10 days ago;
    # set 95 days ago: due 5 days ago. Both overdue, and both after the first ten by age.
    f.PriorityFactory(
        neighbourhood=world.a2, title="Bins set alight", date_set=today - dt.timedelta(days=95)
    )
    f.PriorityFactory(
        neighbourhood=world.a2, title="Cars raced at night", date_set=today - dt.timedelta(days=100)
    )
    # Set 30 days ago: due in 60 days.
    f.PriorityFactory(
        neighbourhood=world.a1, title="New graffiti", date_set=today - dt.timedelta(days=30)
    )
    return today


def _overdue_section(body: str) -> str:
    return body.split("Reviews (", 1)[1].split("</ul>", 1)[0]


def _titles(section: str) -> list[str]:
    return re.findall(r'href="/priorities/\d+/">([^<]+)</a>', section)


def test_overdue_reviews_beyond_the_first_ten(client_for, priorities, django_assert_num_queries):
    client = client_for("sergeant")
    # As in test_team_home_views, less the access log: no duty or contacts shown.
    with django_assert_num_queries(11):
        body = client.get("/").content.decode()
    section = _overdue_section(body)
    assert section.startswith("2)")
    # Earliest due first: due 10 days ago, then 5 days ago.
    assert _titles(section) == ["Cars raced at night", "Bins set alight"]
    assert "All open priorities" in body  # 14 open, 10 shown


def test_a_team_with_more_open_priorities_than_one_fetch(
    client_for, priorities, monkeypatch, django_assert_num_queries
):
    monkeypatch.setattr(team_views, "OPEN_FETCH_LIMIT", 5)
    client = client_for("sergeant")
    with django_assert_num_queries(12):  # and the overdue reviews' own query
        body = client.get("/").content.decode()
    assert _titles(_overdue_section(body)) == ["Cars raced at night", "Bins set alight"]
