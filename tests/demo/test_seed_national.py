"""seed_demo --scale national: the 43 forces of England and Wales, tested at a tiny size
(3 forces at a fiftieth of their size, 3 days of duty)."""

import datetime as dt
import re

import pytest
from django.core.management.base import CommandError
from django.db.models import Count, Q

from demo.national import FORCES, force_sizes
from engagement.models import Event, PublicContact
from priorities.models import Priority
from problemsolving.models import Plan
from teams.models import BCU, DutyRecord, Force, Member, Posting, Team
from tests import factories as f

from .conftest import TODAY, seed

pytestmark = pytest.mark.django_db

TINY = ("--scale", "national", "--national-forces", "3", "--national-fraction", "0.02")


def test_the_table_has_the_43_forces_and_3600_teams():
    # seeds/000 L12, L74 (43 forces), L65-L67 (around 3,600 teams); the Met keeps the seed's
    # 630 teams in 32 BCUs (seeds/002 L146-L153).
    assert len(FORCES) == 43
    assert len({slug for slug, *_ in FORCES}) == 43
    sizes = force_sizes()
    assert sum(size.teams for size in sizes) == 3600
    assert (sizes[0].slug, sizes[0].bcus, sizes[0].teams) == ("metropolitan", 32, 630)
    # The other 42 share 3,600 - 630 = 2,970 teams by officers (110,500 in all):
    # Greater Manchester 2,970 * 7,900 / 110,500 = 212.3 -> 212 teams, 212 / 25 = 8.5 -> 8
    # BCUs; City of London 2,970 * 1,000 / 110,500 = 26.9 -> 27 teams, 2 BCUs (the least).
    assert (sizes[1].slug, sizes[1].bcus, sizes[1].teams) == ("greater-manchester", 8, 212)
    assert (sizes[-1].slug, sizes[-1].bcus, sizes[-1].teams) == ("city-of-london", 2, 27)


def test_three_tiny_forces_match_the_counts_they_report():
    output = seed(*TINY, "--national-days", "3")
    # Met: 32 * 0.02 = 0.64 -> 1 BCU, 630 * 0.02 = 12.6 -> 13 teams; Greater Manchester:
    # 8 * 0.02 -> 1 BCU, 212 * 0.02 = 4.24 -> 4 teams; West Midlands: 2,970 * 7,300 /
    # 110,500 = 196.2 -> 196 teams, * 0.02 = 3.92 -> 4 teams in 1 BCU.
    expected = {"metropolitan": (1, 13), "greater-manchester": (1, 4), "west-midlands": (1, 4)}
    forces = {force.slug: force for force in Force.objects.all()}
    assert set(forces) == set(expected)
    for slug, (bcus, teams) in expected.items():
        assert BCU.objects.filter(force=forces[slug]).count() == bcus, slug
        assert Team.objects.filter(bcu__force=forces[slug]).count() == teams, slug
        assert forces[slug].name.endswith("(scale test)")

    # Teams: the Met's a sergeant, 2-3 constables and 7-8 PCSOs (seeds/002 L146-L153); the
    # others' a sergeant, 2-3 constables and 3-4 PCSOs (seeds/000 L65-L67 less the Met).
    by_team = Team.objects.annotate(
        sergeants=Count("postings", filter=Q(postings__role="sergeant")),
        constables=Count("postings", filter=Q(postings__role="constable")),
        pcsos=Count("postings", filter=Q(postings__role="pcso")),
    ).select_related("bcu__force")
    for team in by_team:
        assert team.sergeants == 1
        assert team.constables in (2, 3)
        pcsos = (7, 8) if team.bcu.force.slug == "metropolitan" else (3, 4)
        assert team.pcsos in pcsos, (team.bcu.force.slug, team.pcsos)
    assert Posting.objects.filter(role="inspector").count() == 3  # one per BCU

    # A duty record per member (not inspectors) per day for the 3 days up to the anchor.
    staff = Member.objects.exclude(postings__role="inspector").count()
    # 13 Met teams of 10-12 and 8 others of 6-8.
    assert 13 * 10 + 8 * 6 <= staff <= 13 * 12 + 8 * 8
    assert DutyRecord.objects.count() == staff * 3
    assert DutyRecord.objects.filter(date=TODAY).count() == staff
    assert not DutyRecord.objects.exclude(
        date__range=(TODAY - dt.timedelta(days=2), TODAY)
    ).exists()
    # Written day by day: ids rise with the date.
    first_day_max = max(
        DutyRecord.objects.filter(date=TODAY - dt.timedelta(days=2)).values_list("id", flat=True)
    )
    assert first_day_max < min(
        DutyRecord.objects.filter(date=TODAY - dt.timedelta(days=1)).values_list("id", flat=True)
    )

    # The summary line reports what the database holds.
    built = next(line for line in output.splitlines() if line.startswith("Built "))
    assert built.startswith("Built 3 forces in")
    reported = {
        name: int(number.replace(",", ""))
        for number, name in re.findall(r"([\d,]+) ([a-z ]+?)(?:,| \()", built.split(": ", 1)[1])
    }
    assert reported["bcus"] == 3
    assert reported["teams"] == 21
    assert reported["members"] == Member.objects.count() == staff + 3
    assert reported["duty records"] == DutyRecord.objects.count()
    assert reported["events"] == Event.objects.count()
    assert reported["priorities"] == Priority.objects.count()
    assert reported["plans"] == Plan.objects.count()
    assert reported["contacts"] == PublicContact.objects.count()
    # Progress: force n of 3 and rows/s.
    assert "force 1 of 3: Metropolitan Police Service: 1 BCUs, 13 teams" in output
    assert "force 3 of 3: West Midlands Police" in output
    assert re.search(r"duty day 3 of 3: [\d,]+ records \([\d,]+ rows/s\)", output)


def test_replace_rebuilds_and_refuses_a_database_with_other_forces():
    seed(*TINY, "--national-forces", "1", "--national-days", "1")
    records = DutyRecord.objects.count()
    with pytest.raises(CommandError, match="already has forces; use --replace"):
        seed(*TINY, "--national-forces", "1", "--national-days", "1")
    seed(*TINY, "--national-forces", "1", "--national-days", "1", "--replace")
    assert Force.objects.get().slug == "metropolitan"
    assert DutyRecord.objects.count() == records  # the same seed builds the same force
    f.ForceFactory(slug="midshire")
    with pytest.raises(CommandError, match=r"also holds other forces \(midshire\)"):
        seed(*TINY, "--national-forces", "1", "--national-days", "1", "--replace")
    assert Force.objects.count() == 2  # nothing emptied


@pytest.mark.parametrize(
    "args, message",
    [
        (("--national-forces", "44"), "--national-forces must be from 1 to 43"),
        (("--national-fraction", "0"), "--national-fraction must be above 0"),
        (("--national-days", "0"), "--national-days must be at least 1"),
    ],
)
def test_bad_sizes_are_refused(args, message):
    with pytest.raises(CommandError, match=message):
        seed("--scale", "national", *args)
    assert not Force.objects.exists()
