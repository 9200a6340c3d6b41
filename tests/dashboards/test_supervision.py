"""Supervision ratio, DESIGN.md 4.2, and staffing against template (4.4)."""

import datetime as dt
from decimal import Decimal

import pytest

from dashboards.selectors import staffing, supervision, supervision_many
from teams.models import Member, Posting
from tests import factories as f

DAY = dt.date(2007, 12, 31)


def _post(team, role, count, *, fte="1.00", start=dt.date(2007, 1, 1), end=None, hybrid=False):
    """``count`` postings of new members in ``team`` (bulk, two queries)."""
    force = team.bcu.force
    start_n = Member.objects.count()
    members = Member.objects.bulk_create(
        Member(force=force, staff_number=f"M{start_n + i:06d}", name=f"Officer {start_n + i}")
        for i in range(count)
    )
    Posting.objects.bulk_create(
        Posting(
            member=m,
            team=team,
            role=role,
            fte=Decimal(fte),
            start_date=start,
            end_date=end,
            hybrid=hybrid,
        )
        for m in members
    )


@pytest.fixture
def cambridgeshire(db):
    """Cambridgeshire, December 2007 (seeds/001_ad10c81bd8d5902a.txt lines 566-570): sergeants
    to constables and PCSOs Central 11:89, Northern 8:95, Southern 12:116."""
    force = f.ForceFactory(slug="cambridgeshire", name="Cambridgeshire Constabulary")
    bcus = {}
    for name, sergeants, constables, pcsos in (
        ("Central", 11, 40, 49),
        ("Northern", 8, 30, 65),
        ("Southern", 12, 39, 77),
    ):
        bcu = f.BCUFactory(force=force, code=name[0], name=name)
        team = f.TeamFactory(bcu=bcu, name=f"{name} NPT")
        _post(team, "sergeant", sergeants)
        _post(team, "constable", constables)
        _post(team, "pcso", pcsos)
        # Not counted in the span: specials, volunteers, inspectors.
        _post(team, "special", 5)
        _post(team, "volunteer", 2)
        _post(team, "inspector", 1)
        bcus[name] = bcu
    return force, bcus


def test_cambridgeshire_figures(cambridgeshire, django_assert_num_queries):
    force, bcus = cambridgeshire
    # Central 89 / 11 = 8.09; Northern 95 / 8 = 11.875; Southern 116 / 12 = 9.67.
    expected = {
        "Central": (11, 89, 8.0909),
        "Northern": (8, 95, 11.875),
        "Southern": (12, 116, 9.6667),
    }
    # Scopes with policy, one GROUP BY over the postings.
    with django_assert_num_queries(2):
        many = supervision_many(level="bcu", ids=[b.id for b in bcus.values()], as_of=DAY)
    for name, (sergeants, staff, span) in expected.items():
        fig = many[bcus[name].id]
        assert fig["sergeants"] == sergeants
        assert fig["constables"] + fig["pcsos"] == staff
        assert fig["span"] == pytest.approx(span, abs=5e-5)
        assert fig["stretched"] is False  # all within 1:12
        # One inspector per BCU: sergeants per inspector = sergeants.
        assert fig["sergeants_per_inspector"] == sergeants
    # Force: 31 sergeants to 300 constables and PCSOs, span 300 / 31 = 9.677 -> 9.68.
    with django_assert_num_queries(2):
        fig = supervision(as_of=DAY, force_id=force.id)
    assert fig["sergeants"] == 31
    assert fig["constables"] + fig["pcsos"] == 300
    assert fig["span"] == pytest.approx(9.68, abs=0.005)
    assert fig["limit"] == 12
    assert fig["stretched"] is False
    assert fig["hybrid_sergeants"] == 0
    assert fig["sergeants_per_inspector"] == pytest.approx(31 / 3)


def test_stretched_and_hybrid_and_fte(world):
    _post(world.alpha, "sergeant", 1, hybrid=True)
    _post(world.alpha, "sergeant", 1, fte="0.50")
    _post(world.alpha, "constable", 10)
    _post(world.alpha, "pcso", 9, fte="0.50")
    # Sergeants 1.5 FTE; staff 10 + 4.5 = 14.5; span 14.5 / 1.5 = 9.667 (not stretched).
    fig = supervision(as_of=DAY, team_id=world.alpha.id)
    assert (fig["sergeants"], fig["constables"], fig["pcsos"]) == (1.5, 10.0, 4.5)
    assert fig["span"] == pytest.approx(9.6667, abs=5e-5)
    assert fig["hybrid_sergeants"] == 1
    assert fig["sergeants_per_inspector"] is None  # no inspector
    # 4 more constables: 18.5 / 1.5 = 12.33 > 12: stretched.
    _post(world.alpha, "constable", 4)
    fig = supervision(as_of=DAY, team_id=world.alpha.id)
    assert fig["span"] == pytest.approx(12.3333, abs=5e-5)
    assert fig["stretched"] is True


def test_team_with_no_sergeant_is_unsupervised_and_flagged(world):
    _post(world.bravo, "constable", 3)
    _post(world.bravo, "special", 4)
    fig = supervision(as_of=DAY, team_id=world.bravo.id)
    assert fig["sergeants"] == 0
    assert fig["span"] is None
    assert fig["unsupervised"] is True
    assert fig["stretched"] is True


def test_postings_starting_or_ending_on_the_day_count(world):
    _post(world.alpha, "sergeant", 1, start=DAY)  # starts on the day: counted
    _post(world.alpha, "constable", 2, start=dt.date(2007, 1, 1), end=DAY)  # ends on it: counted
    _post(world.alpha, "constable", 5, start=DAY + dt.timedelta(days=1))  # starts after
    _post(world.alpha, "pcso", 7, end=DAY - dt.timedelta(days=1))  # ended the day before
    fig = supervision(as_of=DAY, team_id=world.alpha.id)
    assert (fig["sergeants"], fig["constables"], fig["pcsos"], fig["span"]) == (1, 2, 0, 2)


def test_staffing_against_template(world, django_assert_num_queries):
    alpha, bravo = world.alpha, world.bravo
    alpha.target_sergeants, alpha.target_constables, alpha.target_pcsos = 2, 6, 4
    alpha.save()
    bravo.target_sergeants, bravo.target_constables = 1, 3
    bravo.save()
    _post(alpha, "sergeant", 1)
    _post(alpha, "constable", 4)
    _post(alpha, "constable", 1, fte="0.50")
    _post(alpha, "pcso", 5)  # one over template
    _post(bravo, "sergeant", 1)
    _post(bravo, "constable", 2)
    _post(bravo, "pcso", 2)  # Bravo has no PCSO target
    # Alpha vacancies: sergeant 2 - 1 = 1, constable 6 - 4.5 = 1.5, PCSO max(4 - 5, 0) = 0.
    fig = staffing(as_of=DAY, team_id=alpha.id)
    assert fig["roles"]["sergeant"] == {"in_post": 1.0, "target": 2.0, "vacancies": 1.0}
    assert fig["roles"]["constable"] == {"in_post": 4.5, "target": 6.0, "vacancies": 1.5}
    assert fig["roles"]["pcso"] == {"in_post": 5.0, "target": 4.0, "vacancies": 0.0}
    assert fig["vacancies_total"] == 2.5
    assert fig["target_total"] == 12.0
    # North: Alpha's 2.5 + Bravo's constable 3 - 2 = 1; Alpha's PCSO surplus fills nothing.
    # Scopes, one GROUP BY over the teams with in-post subqueries.
    with django_assert_num_queries(2):
        fig = staffing(as_of=DAY, bcu_id=world.north.id)
    assert fig["vacancies_total"] == 3.5
    assert fig["roles"]["pcso"] == {"in_post": 7.0, "target": 4.0, "vacancies": 0.0}
    assert fig["target_total"] == 16.0
