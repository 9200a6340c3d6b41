"""Priorities "published and kept up to date" (DESIGN.md 4.3, the Guarantee's measure) count
public priorities and published reviews only; meetings held by a team for several
neighbourhoods count for each of them (4.4)."""

import datetime as dt

from django.utils import timezone

from dashboards.selectors import meeting_cadence_many, priority_ageing
from tests import factories as f

D = dt.date(2025, 6, 30)


def test_up_to_date_counts_published_priorities_only(world, django_assert_num_queries):
    # Alpha covers Abbey (a1) and Arbury (a2). Window: the 90 days ending 30 June (from 1 April).
    # Abbey: a priority set on 1 May but kept off the public page: not published.
    f.PriorityFactory(neighbourhood=world.a1, date_set=dt.date(2025, 5, 1), public=False)
    # Arbury: an old public priority given a formal review on 1 June, published: up to date.
    old = f.PriorityFactory(neighbourhood=world.a2, date_set=dt.date(2024, 1, 1))
    f.PriorityReviewFactory(priority=old, date=dt.date(2025, 6, 1), public=True)
    # Abbey also: an old public priority with an unpublished review on 1 June: not counted.
    hidden = f.PriorityFactory(neighbourhood=world.a1, date_set=dt.date(2024, 1, 1))
    f.PriorityReviewFactory(priority=hidden, date=dt.date(2025, 6, 1), public=False)
    with django_assert_num_queries(3):  # scopes, open priorities, neighbourhoods
        fig = priority_ageing(as_of=D, team_id=world.alpha.id)
    # 1 of 2 neighbourhoods: 50%.
    assert (fig["neighbourhoods"], fig["neighbourhoods_up_to_date"]) == (2, 1)
    assert fig["neighbourhoods_up_to_date_pct"] == 50.0


def _meeting(day, **where):
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(19)))
    return f.EventFactory(start=start, end=start + dt.timedelta(hours=2), **where)


def test_a_team_meeting_counts_for_each_of_its_neighbourhoods(world, django_assert_num_queries):
    # Alpha's joint PACT panel for Abbey and Arbury on 1 June, no neighbourhood set.
    _meeting(dt.date(2025, 6, 1), neighbourhood=None, team=world.alpha, force=world.force)
    # Barnwell (Bravo) met on 1 February: 149 days before 30 June, past the 90-day interval.
    _meeting(dt.date(2025, 2, 1), neighbourhood=world.b1, force=world.force)
    with django_assert_num_queries(2):  # scopes; neighbourhoods with their last meeting
        hoods = meeting_cadence_many(
            level="neighbourhood", ids=[world.a1.id, world.a2.id, world.b1.id], as_of=D
        )
    # Abbey and Arbury: 29 days since the team's meeting, not overdue.
    for hood in (world.a1, world.a2):
        assert (hoods[hood.id]["days_since_last"], hoods[hood.id]["overdue"]) == (29, 0)
    assert (hoods[world.b1.id]["days_since_last"], hoods[world.b1.id]["overdue"]) == (149, 1)
    # North BCU: 3 neighbourhoods, one overdue; Charlie's team meeting does not reach North.
    bcu = meeting_cadence_many(level="bcu", ids=[world.north.id], as_of=D)[world.north.id]
    assert (bcu["neighbourhoods"], bcu["overdue"], bcu["never_met"]) == (3, 1, 0)
