"""Whose duty records each role reads (DESIGN.md section 5: duty time is police-only, scoped
like the teams), and that the teams' condition is joined rather than a subquery of team ids:
for the newest records first, PostgreSQL checked such a subquery record by record through the
other forces' records of the same days (issue 14: a force admin's first page over 43 forces)."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from npms.scope import Scope
from teams.selectors import duty_records_visible
from tests import factories as f

DAY = dt.date(2025, 6, 30)


@pytest.fixture
def records(world) -> dict:
    """One record in each of Alpha (North), Bravo (North), Charlie (South), Otherforce's team."""
    out = {}
    for name, team in [
        ("alpha", world.alpha),
        ("bravo", world.bravo),
        ("charlie", world.charlie),
        ("other", world.other_team),
    ]:
        out[name] = f.posted_duty(team, date=DAY).pk
    return out


EXPECTED = {
    "force_admin": {"alpha", "bravo", "charlie"},
    "force_viewer": {"alpha", "bravo", "charlie"},
    "inspector": {"alpha", "bravo", "charlie"},
    "bcu_commander": {"alpha", "bravo"},
    "sergeant": {"alpha"},
    "officer": {"alpha"},
    "other_sergeant": {"bravo"},
    "partner": set(),
    "outsider_admin": {"other"},
    "superuser": {"alpha", "bravo", "charlie", "other"},
}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_each_role_reads_its_teams_records(personas, records, persona):
    visible = duty_records_visible(Scope.of(personas[persona]))
    names = {name for name, pk in records.items() if visible.filter(pk=pk).exists()}
    assert names == EXPECTED[persona]
    if EXPECTED[persona]:  # (an empty queryset has no SQL)
        assert "IN (SELECT" not in str(visible.query).upper()


def test_the_public_reads_none(records):
    assert not duty_records_visible(Scope.of(AnonymousUser())).exists()
