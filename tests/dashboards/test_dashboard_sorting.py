"""Dashboard tables sort on the server (``?sort=``) and show exceptions (red first) by
default (DESIGN.md 4.6)."""

from decimal import Decimal

import pytest

from dashboards.selectors import standard_periods
from tests import factories as f


@pytest.fixture
def teams(world):
    """North: Alpha green on abstraction (1 of 20 h, 5%), Bravo red (10 of 20 h, 50%),
    a new team Aardvark amber (19%: 3.8 of 20 h). Each has a sergeant and a constable."""
    start, end = standard_periods()["28d"]
    aardvark = f.TeamFactory(bcu=world.north, name="Aardvark NPT")
    for team, abstracted in ((world.alpha, 1), (world.bravo, 10), (aardvark, Decimal("3.8"))):
        f.PostingFactory(team=team, role="sergeant", start_date=start)
        pc = f.PostingFactory(team=team, role="constable", start_date=start).member
        for hours, activity in ((20 - abstracted, "patrol"), (abstracted, "response_cover")):
            f.DutyRecordFactory(
                member=pc, team=team, date=end, hours=Decimal(hours), activity=activity
            )
    return aardvark


def _names(response):
    return [r["name"] for r in response.context["rows"]]


def test_exceptions_first_by_default(client_for, world, teams):
    response = client_for("bcu_commander").get(f"/dashboards/bcu/{world.north.id}/")
    assert response.context["sort"] == "exceptions"
    rows = {r["name"]: r for r in response.context["rows"]}
    # Abstraction: Bravo red, Aardvark amber (19% > 18%), Alpha green (5%).
    assert rows["Bravo NPT"]["cells"][0]["rag"] == "red"
    assert rows["Aardvark NPT"]["cells"][0]["rag"] == "amber"
    assert rows["Alpha NPT"]["cells"][0]["rag"] == "green"
    # Bravo has the most red cells, so it leads; the order is by red, then amber counts.
    counts = [
        (
            sum(c["rag"] == "red" for c in r["cells"]),
            sum(c["rag"] == "amber" for c in r["cells"]),
        )
        for r in response.context["rows"]
    ]
    assert counts == sorted(counts, reverse=True)
    assert _names(response)[0] == "Bravo NPT"
    assert "Exceptions first" in response.content.decode()


def test_sort_by_name_and_by_a_column(client_for, world, teams):
    client = client_for("bcu_commander")
    response = client.get(f"/dashboards/bcu/{world.north.id}/?sort=name")
    assert _names(response) == ["Aardvark NPT", "Alpha NPT", "Bravo NPT"]
    response = client.get(f"/dashboards/bcu/{world.north.id}/?sort=abstraction-rate")
    # Red, amber, green.
    assert _names(response) == ["Bravo NPT", "Aardvark NPT", "Alpha NPT"]
    page = response.content.decode()
    assert 'href="?period=28d&amp;sort=abstraction-rate"' in page
    assert 'aria-sort="descending"' in page


def test_an_unknown_sort_falls_back_to_exceptions(client_for, world, teams):
    response = client_for("bcu_commander").get(f"/dashboards/bcu/{world.north.id}/?sort=zzz")
    assert response.status_code == 200
    assert response.context["sort"] == "exceptions"
