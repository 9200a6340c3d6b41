"""Named-officer coverage (DESIGN.md 4.4): a neighbourhood is covered only when a constable or
PCSO posted at least half time to a team covering it has a public contact method."""

import datetime as dt
from decimal import Decimal

import pytest

from dashboards.selectors import named_officer_coverage, named_officer_coverage_many
from tests import factories as f

D = dt.date(2025, 6, 30)
EMAIL = {"email": "pc@testshire.police.uk"}


def _post(team, role="constable", fte="1.00", contact=None):
    return f.PostingFactory(
        team=team,
        role=role,
        fte=Decimal(fte),
        start_date=dt.date(2025, 1, 1),
        member__contact_details=contact if contact is not None else {},
    )


@pytest.mark.parametrize(
    "fte,contact,covered",
    [
        ("1.00", EMAIL, True),
        ("0.50", EMAIL, True),  # half time: the edge counts
        ("0.49", EMAIL, False),  # less than half time
        ("1.00", {}, False),  # no public contact method
        ("1.00", {"telephone": "   ", "fax": ""}, False),  # only blank ones
        ("1.00", {"telephone": "101 ext 4321"}, True),
    ],
)
def test_fte_and_contact_edges(world, fte, contact, covered):
    _post(world.bravo, role="pcso", fte=fte, contact=contact)
    fig = named_officer_coverage(as_of=D, team_id=world.bravo.id)
    assert (fig["neighbourhoods"], fig["covered"]) == (1, 1 if covered else 0)


def test_counts_per_bcu(world, django_assert_num_queries):
    _post(world.alpha, contact=EMAIL)  # Abbey and Arbury covered
    _post(world.bravo, fte="0.40", contact=EMAIL)  # Barnwell: only a part-timer below half
    _post(world.bravo, role="sergeant", contact=EMAIL)  # a sergeant is not a named officer
    with django_assert_num_queries(2):  # scopes; neighbourhoods with an EXISTS
        north = named_officer_coverage_many(level="bcu", ids=[world.north.id], as_of=D)
    # 2 of 3 neighbourhoods.
    assert (north[world.north.id]["covered"], north[world.north.id]["uncovered"]) == (2, 1)
