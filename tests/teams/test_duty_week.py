"""DutyWeek: the duty records added up per team, week (Monday), activity, paid overtime and
posting role, kept by PostgreSQL triggers whichever path writes the records (migration
0012_duty_week; issue 14). Each case's rows are worked out by hand from the records it saves.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection

from teams import services
from teams.models import DutyRecord, DutyWeek
from tests import factories as f

pytestmark = pytest.mark.django_db

MON = dt.date(2025, 3, 10)  # a Monday
DAY = dt.timedelta(days=1)
WEEK = dt.timedelta(days=7)


def _weeks(team=None) -> set[tuple]:
    """(week, activity, paid overtime, role, hours, records) of the team's weekly rows."""
    rows = DutyWeek.objects.all() if team is None else DutyWeek.objects.filter(team=team)
    return {(r.week, r.activity, r.paid_overtime, r.posting_role, r.hours, r.records) for r in rows}


@pytest.fixture
def pcso(world):
    return f.PostingFactory(team=world.alpha, role="pcso", start_date=MON - 30 * DAY)


def _add(posting, day, hours, activity="patrol", **kwargs):
    return services.duty_record_create(
        member=posting.member,
        team=posting.team,
        date=day,
        hours=hours,
        activity=activity,
        **kwargs,
    )


def test_records_of_a_week_add_up_into_one_row_per_key(world, pcso):
    _add(pcso, MON, "8")  # Monday
    _add(pcso, MON + 2 * DAY, "4.5")  # Wednesday
    _add(pcso, MON + 6 * DAY, "2.25")  # Sunday: the same week
    _add(pcso, MON + 7 * DAY, "3")  # next Monday: the next week
    _add(pcso, MON + DAY, "5", activity="response_cover")
    _add(pcso, MON + DAY, "2", paid_overtime=True)
    assert _weeks(world.alpha) == {
        (MON, "patrol", False, "pcso", Decimal("14.75"), 3),
        (MON + WEEK, "patrol", False, "pcso", Decimal("3.00"), 1),
        (MON, "response_cover", False, "pcso", Decimal("5.00"), 1),
        (MON, "patrol", True, "pcso", Decimal("2.00"), 1),
    }


def test_an_update_moves_hours_between_weeks_and_activities(world, pcso):
    monday = _add(pcso, MON, "8")
    tuesday = _add(pcso, MON + DAY, "6")
    services.duty_record_update(record=monday, hours="7.5")
    assert _weeks(world.alpha) == {(MON, "patrol", False, "pcso", Decimal("13.50"), 2)}
    # Tuesday's record moves to the next week's Sunday as an abstraction.
    services.duty_record_update(record=tuesday, date=MON + 13 * DAY, activity="custody_cover")
    assert _weeks(world.alpha) == {
        (MON, "patrol", False, "pcso", Decimal("7.50"), 1),
        (MON + WEEK, "custody_cover", False, "pcso", Decimal("6.00"), 1),
    }
    # A change that touches no key nor hours (the note) leaves the rows as they are.
    DutyRecord.objects.filter(pk=monday.pk).update(note="court warned")
    assert len(_weeks(world.alpha)) == 2


def test_deleting_the_last_record_of_a_key_removes_its_row(world, pcso):
    first = _add(pcso, MON, "8")
    second = _add(pcso, MON + DAY, "4")
    other = _add(pcso, MON + WEEK, "3")
    first.delete()
    assert _weeks(world.alpha) == {
        (MON, "patrol", False, "pcso", Decimal("4.00"), 1),
        (MON + WEEK, "patrol", False, "pcso", Decimal("3.00"), 1),
    }
    DutyRecord.objects.filter(pk__in=[second.pk, other.pk]).delete()
    assert _weeks(world.alpha) == set()


def test_a_posting_re_roled_moves_its_records_to_the_new_role(world, pcso):
    _add(pcso, MON, "8")
    _add(pcso, MON + DAY, "6")
    # The database rewrites the records' posting role (migration 0011); the weeks follow.
    pcso.role = "constable"
    pcso.save()
    assert _weeks(world.alpha) == {(MON, "patrol", False, "constable", Decimal("14.00"), 2)}
    # Ended before Tuesday: Tuesday's record has no posting any more (role '').
    pcso.end_date = MON
    pcso.save()
    assert _weeks(world.alpha) == {
        (MON, "patrol", False, "constable", Decimal("8.00"), 1),
        (MON, "patrol", False, "", Decimal("6.00"), 1),
    }


def test_bulk_and_raw_sql_writes_are_counted_with_the_role_the_database_keeps(world, pcso):
    DutyRecord.objects.bulk_create(
        [
            DutyRecord(
                member=pcso.member, team=world.alpha, date=MON + i * DAY, hours=2, activity="patrol"
            )
            for i in range(3)
        ]
    )
    # Raw SQL giving a wrong role: the posting-role check rewrites it, the week follows.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO teams_dutyrecord (created_at, updated_at, date, hours, activity,"
            " paid_overtime, note, member_id, team_id, posting_role)"
            " VALUES (now(), now(), %s, 5, 'patrol', false, '', %s, %s, 'special')",
            [MON + 4 * DAY, pcso.member_id, world.alpha.id],
        )
    assert _weeks(world.alpha) == {(MON, "patrol", False, "pcso", Decimal("11.00"), 4)}


def test_each_team_keeps_its_own_rows_and_a_deleted_team_leaves_none(world, pcso):
    bravo = f.PostingFactory(team=world.bravo, role="constable", start_date=MON - 30 * DAY)
    _add(pcso, MON, "8")
    _add(bravo, MON, "3")
    world.alpha.delete()
    assert _weeks() == {(MON, "patrol", False, "constable", Decimal("3.00"), 1)}
    assert _weeks(world.bravo) == _weeks()


def test_truncating_the_records_empties_the_weeks(world, pcso):
    _add(pcso, MON, "8")
    with connection.cursor() as cursor:
        # The deferred foreign-key checks of this test's transaction run first (PostgreSQL
        # refuses to truncate with them pending).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE teams_dutyrecord, teams_historicaldutyrecord")
    assert _weeks() == set()
