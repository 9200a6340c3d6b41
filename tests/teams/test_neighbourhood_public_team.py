"""Who is on a neighbourhood's public team on a day: the one rule behind the public page's
"Your team" and police.uk's ``/{force}/{code}/people``."""

import datetime as dt

import pytest

from teams.selectors import neighbourhood_public_team
from tests import factories as f

pytestmark = pytest.mark.django_db

D = dt.date(2025, 3, 10)


def _post(world, name, *, team=None, role="constable", start=dt.date(2024, 1, 1), end=None):
    member = f.MemberFactory(force=world.force, name=name)
    f.PostingFactory(
        member=member, team=team or world.alpha, role=role, start_date=start, end_date=end
    )
    return member


def test_public_team_on_a_day(world, django_assert_num_queries):
    _post(world, "Insp Ian", role="inspector")
    _post(world, "Sgt Sue", role="sergeant")
    _post(world, "PC Leaving Today", end=D)  # last day in post: still listed
    _post(world, "PC Left Yesterday", end=D - dt.timedelta(days=1))
    _post(world, "PC Starts Tomorrow", start=D + dt.timedelta(days=1))
    _post(world, "PCSO Pat", role="pcso")
    _post(world, "SC Sam", role="special")
    _post(world, "Vol Val", role="volunteer")  # a volunteer's name is not published
    _post(world, "PC Bravo", team=world.bravo)  # Bravo does not cover A1
    with django_assert_num_queries(1):
        team = [(m.name, m.team_role) for m in neighbourhood_public_team(world.a1, on=D)]
    assert team == [
        ("Insp Ian", "inspector"),
        ("PC Leaving Today", "constable"),
        ("PCSO Pat", "pcso"),
        ("SC Sam", "special"),
        ("Sgt Sue", "sergeant"),
    ]


def test_a_member_in_two_teams_covering_it_is_listed_once_in_the_senior_role(world):
    # Two teams cover A1 (teams and neighbourhoods are not one-to-one, DESIGN.md section 3).
    world.bravo.neighbourhoods.add(world.a1)
    both = _post(world, "Alex Both", role="constable")
    f.PostingFactory(member=both, team=world.bravo, role="sergeant", start_date=D)
    team = [(m.name, m.team_role) for m in neighbourhood_public_team(world.a1, on=D)]
    assert team == [("Alex Both", "sergeant")]
