import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from teams.models import Posting
from teams.services import posting_create, posting_end
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_posts_a_member_to_a_team(world):
    member = f.MemberFactory(force=world.force)
    posting = posting_create(
        member=member, team=world.alpha, role="pcso", start_date=dt.date(2025, 4, 1), fte="0.5"
    )
    assert posting.fte == Decimal("0.50")
    assert posting.end_date is None


def test_overlapping_posting_is_refused_naming_start_date(world):
    member = f.MemberFactory(force=world.force)
    posting_create(
        member=member, team=world.alpha, role="constable", start_date=dt.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        posting_create(
            member=member, team=world.alpha, role="sergeant", start_date=dt.date(2025, 3, 1)
        )
    assert "start_date" in error.value.message_dict
    assert Posting.objects.filter(member=member).count() == 1


def test_member_of_another_force_is_refused(world):
    stranger = f.MemberFactory(force=world.other_force)
    with pytest.raises(ValidationError) as error:
        posting_create(
            member=stranger, team=world.alpha, role="constable", start_date=dt.date(2025, 1, 1)
        )
    assert "team" in error.value.message_dict


@pytest.mark.parametrize("fte", ["0", "1.5", "abc"])
def test_bad_fte_is_refused_naming_fte(world, fte):
    member = f.MemberFactory(force=world.force)
    with pytest.raises(ValidationError) as error:
        posting_create(
            member=member, team=world.alpha, role="pcso", start_date=dt.date(2025, 1, 1), fte=fte
        )
    assert "fte" in error.value.message_dict
    assert not Posting.objects.filter(member=member).exists()


def test_unknown_role_is_refused(world):
    member = f.MemberFactory(force=world.force)
    with pytest.raises(ValidationError) as error:
        posting_create(
            member=member, team=world.alpha, role="chief", start_date=dt.date(2025, 1, 1)
        )
    assert "role" in error.value.message_dict


def test_only_sergeants_are_hybrid(world):
    member = f.MemberFactory(force=world.force)
    with pytest.raises(ValidationError) as error:
        posting_create(
            member=member,
            team=world.alpha,
            role="pcso",
            start_date=dt.date(2025, 1, 1),
            hybrid=True,
        )
    assert "hybrid" in error.value.message_dict


def test_end_a_posting_then_post_again(world):
    member = f.MemberFactory(force=world.force)
    first = posting_create(
        member=member, team=world.alpha, role="constable", start_date=dt.date(2025, 1, 1)
    )
    posting_end(posting=first, end_date=dt.date(2025, 5, 31))
    second = posting_create(
        member=member, team=world.alpha, role="sergeant", start_date=dt.date(2025, 6, 1)
    )
    assert second.role == "sergeant"
    with pytest.raises(ValidationError) as error:
        posting_end(posting=second, end_date=dt.date(2025, 5, 1))
    assert "end_date" in error.value.message_dict
