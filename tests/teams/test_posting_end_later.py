"""Moving a posting's end later (``posting_end`` with a later date, the API's and the page's
"end posting") re-checks what a new posting is checked for: one posting per member and team at
a time, and at most 1.0 FTE a day across the member's postings (DESIGN.md 4.2). Refused naming
``end_date``, with nothing saved."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teams.models import Posting
from teams.services import posting_create, posting_end
from tests import factories as f

pytestmark = pytest.mark.django_db


def _ended_then_moved(world, *, second_team, second_fte, first_fte="1.0"):
    """In Alpha (full time) from 1 January to 31 May, then in ``second_team`` from 1 June."""
    member = f.MemberFactory(force=world.force)
    first = posting_create(
        member=member,
        team=world.alpha,
        role="constable",
        start_date=dt.date(2025, 1, 1),
        fte=first_fte,
    )
    posting_end(posting=first, end_date=dt.date(2025, 5, 31))
    posting_create(
        member=member,
        team=second_team,
        role="constable",
        start_date=dt.date(2025, 6, 1),
        fte=second_fte,
    )
    return first


def test_an_end_moved_into_full_time_elsewhere_is_refused(world):
    first = _ended_then_moved(world, second_team=world.bravo, second_fte="1.0")
    with pytest.raises(ValidationError) as error:
        posting_end(posting=first, end_date=dt.date(2025, 7, 31))
    # 1 June: 1.0 in Alpha + 1.0 in Bravo = 2.00 FTE.
    assert "2.00 FTE in all on 01 June 2025" in error.value.message_dict["end_date"][0]
    assert Posting.objects.get(pk=first.pk).end_date == dt.date(2025, 5, 31)


def test_an_end_moved_over_the_next_posting_in_the_same_team_is_refused(world):
    first = _ended_then_moved(world, second_team=world.alpha, second_fte="0.5")
    with pytest.raises(ValidationError) as error:
        posting_end(posting=first, end_date=dt.date(2025, 6, 30))
    assert "already has a posting in Alpha NPT" in error.value.message_dict["end_date"][0]
    assert Posting.objects.get(pk=first.pk).end_date == dt.date(2025, 5, 31)


def test_an_end_moved_later_within_one_fte_is_saved(world):
    # Half time in Alpha, then half time in Bravo too from June: 0.5 + 0.5 = 1.0, allowed.
    first = _ended_then_moved(world, second_team=world.bravo, second_fte="0.5", first_fte="0.5")
    posting_end(posting=first, end_date=dt.date(2025, 7, 31))
    assert Posting.objects.get(pk=first.pk).end_date == dt.date(2025, 7, 31)
    assert Posting.objects.get(pk=first.pk).fte == Decimal("0.50")
