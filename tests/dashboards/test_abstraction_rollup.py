"""The nightly job's abstraction roll-up (one scan per period, added up to BCUs and forces)
gives exactly the figures of the per-level selector."""

import datetime as dt
from decimal import Decimal

from dashboards.metrics.abstraction import abstraction_rate_levels
from dashboards.selectors import abstraction_rate_many
from tests import factories as f

MON = dt.date(2025, 3, 3)
TUE = dt.date(2025, 3, 4)


def _log(member, team, day, hours, activity, paid_overtime=False):
    f.DutyRecordFactory(
        member=member,
        team=team,
        date=day,
        hours=Decimal(str(hours)),
        activity=activity,
        paid_overtime=paid_overtime,
    )


def test_rollup_equals_each_level(world, django_assert_num_queries):
    pc = f.PostingFactory(team=world.alpha, role="constable", start_date=MON).member
    pcso = f.PostingFactory(team=world.bravo, role="pcso", start_date=MON).member
    lent = f.PostingFactory(team=world.charlie, role="pcso", start_date=MON).member
    _log(pc, world.alpha, MON, 8, "patrol")
    _log(pc, world.alpha, TUE, 8, "response_cover")
    _log(pc, world.alpha, TUE, 4, "custody_cover", paid_overtime=True)
    _log(pcso, world.bravo, MON, 7.5, "sickness")
    _log(pcso, world.bravo, TUE, 6, "engagement")
    # A record older than the posting-team rule: no posting in Alpha; its role is the member's
    # posting that day in Charlie (PCSO).
    _log(lent, world.alpha, MON, 8, "patrol")
    levels = ("team", "bcu", "force")
    # One scan of the duty rows, plus the scopes of each of the 3 levels.
    with django_assert_num_queries(4):
        rolled = abstraction_rate_levels(levels=levels, start=MON, end=TUE)
    for level in levels:
        assert rolled[level] == abstraction_rate_many(level=level, ids=None, start=MON, end=TUE)
    # North = Alpha + Bravo: working 8 + 8 + 8 + 7.5 + 6 = 37.5; abstracted 8 response_cover
    # + 7.5 sickness = 15.5 (Testshire counts sickness); overtime 4.
    north = rolled["bcu"][world.north.id]
    assert north["working_hours"] == 37.5
    assert north["abstracted_hours"] == 15.5
    assert north["paid_overtime_hours"] == 4.0
    # PCSO: Bravo's 7.5 + 6 and the Charlie PCSO's 8 in Alpha = 21.5; constable 16.
    assert north["by_role"]["pcso"]["working_hours"] == 21.5
    assert north["by_role"]["constable"]["working_hours"] == 16.0
    assert "unposted" not in north["by_role"]
    assert rolled["force"][world.force.id]["working_hours"] == 37.5
    assert rolled["force"][world.other_force.id]["working_hours"] == 0.0
