"""One person's FTE across overlapping postings never passes 1.0 (DESIGN.md 4.2 adds up FTE):
``posting_create`` refuses naming ``fte`` and saves nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teams.models import Posting
from teams.services import posting_create
from tests import factories as f

pytestmark = pytest.mark.django_db
JAN = dt.date(2025, 1, 1)


@pytest.fixture
def member(world):
    return f.MemberFactory(force=world.force)


def test_two_half_time_postings_make_one(world, member):
    posting_create(member=member, team=world.alpha, role="constable", fte="0.5", start_date=JAN)
    posting_create(member=member, team=world.bravo, role="constable", fte="0.5", start_date=JAN)
    assert Posting.objects.filter(member=member).count() == 2


def test_more_than_one_fte_is_refused_naming_fte(world, member):
    posting_create(member=member, team=world.alpha, role="constable", fte="0.6", start_date=JAN)
    with pytest.raises(ValidationError) as error:
        # 0.6 + 0.5 = 1.1 from 1 March.
        posting_create(
            member=member,
            team=world.bravo,
            role="pcso",
            fte="0.5",
            start_date=dt.date(2025, 3, 1),
        )
    assert "fte" in error.value.message_dict
    assert "1.10" in error.value.message_dict["fte"][0]
    assert Posting.objects.filter(member=member).count() == 1


def test_postings_that_never_coincide_are_not_added(world, member):
    """Alpha 0.6 in January, Charlie 0.6 from March: a new 0.4 posting for the whole year
    meets 1.0 in each, never 1.6."""
    posting_create(
        member=member,
        team=world.alpha,
        role="constable",
        fte="0.6",
        start_date=JAN,
        end_date=dt.date(2025, 1, 31),
    )
    posting_create(
        member=member,
        team=world.charlie,
        role="constable",
        fte="0.6",
        start_date=dt.date(2025, 3, 1),
    )
    posting_create(
        member=member,
        team=world.bravo,
        role="constable",
        fte="0.4",
        start_date=JAN,
        end_date=dt.date(2025, 12, 31),
    )
    # But 0.5 for the year passes 1.0 from 1 March (0.6 + 0.5), though not in February.
    other = f.TeamFactory(bcu=world.north, name="Delta NPT")
    with pytest.raises(ValidationError) as error:
        posting_create(
            member=member, team=other, role="pcso", fte="0.1", start_date=dt.date(2025, 2, 1)
        )
    assert "01 March 2025" in error.value.message_dict["fte"][0]


def test_an_ended_posting_frees_its_fte(world, member):
    posting_create(
        member=member,
        team=world.alpha,
        role="constable",
        fte="1.0",
        start_date=JAN,
        end_date=dt.date(2025, 5, 31),
    )
    posting = posting_create(
        member=member, team=world.bravo, role="sergeant", fte="1.0", start_date=dt.date(2025, 6, 1)
    )
    assert posting.fte == Decimal("1.00")
