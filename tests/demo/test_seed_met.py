"""seed_demo --scale met: a Metropolitan-Police-sized force, tested on a reduced size."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count, Q

from demo.met import MetOptions
from teams.models import BCU, DutyRecord, Force, Member, Neighbourhood, Posting, Team

from .conftest import TODAY, seed

pytestmark = pytest.mark.django_db


def test_default_size_is_the_met():
    # 32 BCUs and 630 teams (seeds/002 L146-L153); scaled down, 630 * 2 / 32 = 39.375 -> 39.
    assert MetOptions().team_count == 630
    assert MetOptions(bcus=2).team_count == 39
    assert MetOptions(bcus=2, teams=5).team_count == 5


def test_reduced_met_two_bcus_thirty_days():
    output = seed("--scale", "met", "--met-bcus", "2", "--met-days", "30")
    assert "Built Metropolis Police Service" in output
    force = Force.objects.get(slug="metropolis")
    assert BCU.objects.filter(force=force).count() == 2
    teams = Team.objects.filter(bcu__force=force)
    assert teams.count() == 39
    # 39 teams split over 2 BCUs: 20 and 19.
    assert sorted(teams.values_list("bcu").annotate(n=Count("id")).values_list("n", flat=True)) == [
        19,
        20,
    ]
    assert Neighbourhood.objects.filter(force=force).count() == 39

    # Each team: one sergeant, two or three constables, seven or eight PCSOs; one inspector
    # per BCU.
    by_team = teams.annotate(
        sergeants=Count("postings", filter=Q(postings__role="sergeant")),
        constables=Count("postings", filter=Q(postings__role="constable")),
        pcsos=Count("postings", filter=Q(postings__role="pcso")),
    )
    for team in by_team:
        assert team.sergeants == 1
        assert team.constables in (2, 3)
        assert team.pcsos in (7, 8)
    assert Posting.objects.filter(team__bcu__force=force, role="inspector").count() == 2

    # One duty record per member (not inspectors) per day for 30 days up to the anchor day.
    staff = Member.objects.filter(force=force).exclude(postings__role="inspector").count()
    records = DutyRecord.objects.filter(team__bcu__force=force)
    assert records.count() == staff * 30
    assert records.filter(date=TODAY - dt.timedelta(days=29)).count() == staff
    assert records.filter(date=TODAY).count() == staff
    assert not records.filter(date__gt=TODAY).exists()
    assert not records.filter(date__lt=TODAY - dt.timedelta(days=29)).exists()


def test_reduced_met_boundaries_are_grid_squares():
    seed("--scale", "met", "--met-bcus", "2", "--met-days", "1")
    force = Force.objects.get(slug="metropolis")
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT SUM(ST_Area(boundary)), ST_Area(ST_Union(boundary)), count(*)
            FROM teams_neighbourhood WHERE force_id = %s
            """,
            [force.pk],
        )
        total, union, count = cursor.fetchone()
    # 39 teams on a 5 x 8 grid over 0.84 x 0.40 degrees: cells of 0.168 x 0.05 = 0.0084
    # square degrees; 39 * 0.0084 = 0.3276, and no overlaps, so the union has the same area.
    assert count == 39
    assert total == pytest.approx(0.3276, rel=1e-9)
    assert union == pytest.approx(0.3276, rel=1e-9)
