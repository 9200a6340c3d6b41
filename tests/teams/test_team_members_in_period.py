import datetime as dt

import pytest

from teams.selectors import team_members_in_period
from tests import factories as f

pytestmark = pytest.mark.django_db
MARCH = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))


def test_members_posted_during_the_period_with_their_latest_role(world, django_assert_num_queries):
    promoted = f.MemberFactory(force=world.force, name="A Promoted")
    f.PostingFactory(
        member=promoted,
        team=world.alpha,
        role="constable",
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2025, 3, 14),
    )
    f.PostingFactory(
        member=promoted, team=world.alpha, role="sergeant", start_date=dt.date(2025, 3, 15)
    )
    # Left on the first day of the period: still counted. Started the day after: not.
    leaver = f.MemberFactory(force=world.force, name="B Leaver")
    f.PostingFactory(
        member=leaver,
        team=world.alpha,
        role="pcso",
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2025, 3, 1),
    )
    late = f.MemberFactory(force=world.force, name="C Late")
    f.PostingFactory(member=late, team=world.alpha, role="pcso", start_date=dt.date(2025, 4, 1))
    elsewhere = f.MemberFactory(force=world.force, name="D Elsewhere")
    f.PostingFactory(
        member=elsewhere, team=world.bravo, role="pcso", start_date=dt.date(2024, 1, 1)
    )

    with django_assert_num_queries(1):
        members = team_members_in_period(team=world.alpha, start=MARCH[0], end=MARCH[1])
    assert members == {promoted.pk: "sergeant", leaver.pk: "pcso"}
