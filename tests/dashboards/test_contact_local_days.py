"""Contact responsiveness counts a contact in the period of its LOCAL receipt date (DESIGN.md
4.4; TIME_ZONE Europe/London): the bounds are local midnights, in summer time and in winter
time, whatever the instant's UTC date."""

import datetime as dt

import pytest

from dashboards.metrics.engagement import contact_responsiveness
from tests import factories as f

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def _received(world, *instants):
    for at in instants:
        f.PublicContactFactory(
            neighbourhood=world.a1, received_at=at, responded_at=at + dt.timedelta(hours=1)
        )


def _received_in(world, start, end) -> int:
    now = dt.datetime(2026, 1, 31, tzinfo=UTC)
    return contact_responsiveness(neighbourhood_id=world.a1.id, start=start, end=end, now=now)[
        "received"
    ]


def test_summer_time_midnight_is_23_00_utc(world):
    # 30 June 23:30 UTC is 1 July 00:30 BST: July's. 30 June 22:59 UTC is 23:59 BST: June's.
    _received(
        world,
        dt.datetime(2025, 6, 30, 23, 30, tzinfo=UTC),
        dt.datetime(2025, 6, 30, 22, 59, tzinfo=UTC),
        dt.datetime(2025, 6, 30, 23, 0, tzinfo=UTC),  # exactly midnight BST: July's
    )
    assert _received_in(world, dt.date(2025, 6, 1), dt.date(2025, 6, 30)) == 1
    assert _received_in(world, dt.date(2025, 7, 1), dt.date(2025, 7, 31)) == 2
    assert _received_in(world, dt.date(2025, 7, 1), dt.date(2025, 7, 1)) == 2


def test_winter_time_midnight_is_00_00_utc(world):
    # GMT: 31 December 23:59 UTC is still 31 December; 1 January 00:00 UTC is the new year.
    _received(
        world,
        dt.datetime(2025, 12, 31, 23, 59, tzinfo=UTC),
        dt.datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
    )
    assert _received_in(world, dt.date(2025, 12, 1), dt.date(2025, 12, 31)) == 1
    assert _received_in(world, dt.date(2026, 1, 1), dt.date(2026, 1, 1)) == 1
