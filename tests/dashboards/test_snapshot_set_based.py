"""The set-based nightly job (issue 14): one pass over the duty rows for every scope and
period, the other metrics a fixed number of set-based queries, bulk writes. It must write
exactly what the single-scope selectors give, for every metric, level and period, and the
12-week trends exactly as ``selectors.trends`` computes them."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboards import selectors, services
from dashboards.models import MetricSnapshot, TrendSnapshot
from tests import factories as f

# Periods of 15 August 2025 (selectors.standard_periods): yesterday 14 Aug; 28 days 18 Jul to
# 14 Aug; the last quarter 1 Apr to 30 Jun. Two period ends, so point metrics and trends are
# taken on 14 Aug and on 30 Jun. 30 Jun is a Monday: the week of 30 Jun is cut at the quarter's
# trend end (30 Jun only) but whole in the 14 Aug trend.
TODAY = dt.date(2025, 8, 15)
YESTERDAY = dt.date(2025, 8, 14)
QUARTER_END = dt.date(2025, 6, 30)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


@pytest.fixture
def force_data(world):
    """Duty of every class in both forces (the other force counts sickness as an abstraction
    and leaves rest days out), postings by role, a member with no posting in the record's team
    and one with none at all, overtime, and the data of the other metrics."""
    world.other_force.sickness_is_abstraction = True
    world.other_force.leave_is_dedicated = False
    world.other_force.save()
    sergeant = f.PostingFactory(team=world.alpha, role="sergeant").member
    pc = f.PostingFactory(
        team=world.alpha, role="constable", member__contact_details={"email": "pc@example.org"}
    ).member
    pcso = f.PostingFactory(team=world.bravo, role="pcso").member
    charlie_pc = f.PostingFactory(team=world.charlie, role="constable").member
    other_pc = f.PostingFactory(team=world.other_team, role="constable").member
    unposted = f.MemberFactory(force=world.force)
    duty = [
        # (member, team, day, hours, activity, paid overtime)
        (pc, world.alpha, YESTERDAY, 6, "patrol", False),
        (pc, world.alpha, YESTERDAY, 2, "response_cover", False),
        (sergeant, world.alpha, dt.date(2025, 8, 1), 8, "engagement", False),
        (sergeant, world.alpha, dt.date(2025, 8, 2), 8, "rest_day", False),
        (sergeant, world.alpha, dt.date(2025, 8, 3), 4, "custody_cover", True),
        (pc, world.alpha, QUARTER_END, 8, "patrol", False),
        (pc, world.alpha, dt.date(2025, 7, 2), 8, "sickness", False),
        (pc, world.alpha, dt.date(2025, 5, 12), 8, "public_order", False),
        (pc, world.alpha, dt.date(2025, 4, 2), 8, "patrol", False),
        # The PCSO's records in Alpha: no posting there (the role comes from Bravo).
        (pcso, world.alpha, dt.date(2025, 8, 4), 5, "patrol", False),
        (pcso, world.bravo, dt.date(2025, 8, 5), 7, "investigation", False),
        (pcso, world.bravo, dt.date(2025, 6, 9), 7, "annual_leave", False),
        (unposted, world.bravo, dt.date(2025, 8, 6), 3, "other_duty", False),
        (charlie_pc, world.charlie, dt.date(2025, 7, 30), 8, "np_related", False),
        (charlie_pc, world.charlie, dt.date(2025, 3, 31), 8, "response_cover", False),
        (other_pc, world.other_team, YESTERDAY, 8, "sickness", False),
        (other_pc, world.other_team, dt.date(2025, 8, 13), 8, "rest_day", False),
        (other_pc, world.other_team, dt.date(2025, 8, 12), 8, "patrol", False),
    ]
    for member, team, day, hours, activity, overtime in duty:
        f.DutyRecordFactory(
            member=member,
            team=team,
            date=day,
            hours=Decimal(hours),
            activity=activity,
            paid_overtime=overtime,
        )
    old = f.PriorityFactory(neighbourhood=world.a1, date_set=dt.date(2025, 3, 1), public=True)
    f.PriorityReviewFactory(priority=old, date=dt.date(2025, 6, 1), public=True)
    f.PriorityFactory(neighbourhood=world.b1, date_set=dt.date(2025, 7, 20))
    f.PriorityFactory(
        neighbourhood=world.c1,
        date_set=dt.date(2025, 5, 1),
        status="closed",
        closed_on=dt.date(2025, 7, 1),
        outcome="resolved",
    )
    f.EventFactory(neighbourhood=world.a1, start=_at(dt.date(2025, 6, 20)))
    f.PublicContactFactory(
        neighbourhood=world.a2,
        received_at=_at(dt.date(2025, 8, 1)),
        responded_at=_at(dt.date(2025, 8, 2)),
    )
    f.PublicContactFactory(
        neighbourhood=world.c1,
        received_at=_at(dt.date(2025, 5, 1)),
        responded_at=_at(dt.date(2025, 5, 10)),
    )
    f.PlanFactory(neighbourhood=world.b1, opened_on=dt.date(2025, 6, 1))
    return world


# The single-scope selector of each METRICS entry (its own name, except abstraction).
SINGLE = {"abstraction": "abstraction_rate"}


def _single(name: str, level: str, scope_id: int, start: dt.date, end: dt.date):
    """The single-scope selector's figures, as JSON stores them."""
    func = getattr(selectors, SINGLE.get(name, name))
    kwargs = {f"{level}_id": scope_id}
    if selectors.METRICS[name].period:
        kwargs.update(start=start, end=end)
    else:
        kwargs.update(as_of=end)
    return json.loads(json.dumps(services._jsonable(func(**kwargs))))


def _scopes(world):
    return {
        "team": [world.alpha.id, world.bravo.id, world.charlie.id, world.other_team.id],
        "bcu": [world.north.id, world.south.id, world.other_bcu.id],
        "force": [world.force.id, world.other_force.id],
    }


def test_job_writes_what_the_single_scope_selectors_give(force_data):
    world = force_data
    written = services.snapshot_nightly(today=TODAY)
    # 9 scopes x (3 period metrics x 3 periods + 9 point metrics x 2 days) = 9 x 27 = 243
    # (the period metrics: abstraction, contacts and plan quality;
    # the point metrics: supervision, staffing, ageing, meetings, coverage, plans and the three
    # figures of DESIGN 4.5).
    assert written == MetricSnapshot.objects.count() == 243
    _assert_snapshots_match_selectors(world)


@pytest.mark.django_db(transaction=True)
def test_job_on_two_connections_writes_the_same(force_data):
    """Outside a transaction (as in production) the one pass and the other metrics run side
    by side on two connections: the same values."""
    world = force_data
    assert services.snapshot_nightly(today=TODAY) == 243
    _assert_snapshots_match_selectors(world)
    assert TrendSnapshot.objects.count() == 18


def _assert_snapshots_match_selectors(world):
    periods = selectors.standard_periods(TODAY)
    checked = 0
    for level, ids in _scopes(world).items():
        for scope_id in ids:
            for name in selectors.metrics_for(level):
                for start, end in periods.values():
                    start = start if selectors.METRICS[name].period else end
                    snap = MetricSnapshot.objects.get(
                        metric=name, scope_type=level, scope_id=scope_id, start=start, end=end
                    )
                    assert snap.value == _single(name, level, scope_id, start, end), (
                        name,
                        level,
                        scope_id,
                        start,
                    )
                    checked += 1
    assert checked == 9 * 12 * 3

    def rate(level, scope_id, start, end):
        return MetricSnapshot.objects.get(
            metric="abstraction", scope_type=level, scope_id=scope_id, start=start, end=end
        ).value

    # Worked by hand. Alpha, 18 Jul - 14 Aug: working 6 + 2 + 8 (engagement) + 8 (rest day,
    # dedicated in Testshire) + 5 (the PCSO's patrol) = 29 h, abstracted 2 (response cover);
    # the overtime 4 h on neither side, sickness left out (not an abstraction there).
    alpha = rate("team", world.alpha.id, dt.date(2025, 7, 18), YESTERDAY)
    assert (alpha["working_hours"], alpha["abstracted_hours"]) == (29.0, 2.0)
    assert alpha["paid_overtime_hours"] == 4.0
    # By role: the PCSO's 5 h count as PCSO (posted in Bravo that day).
    assert alpha["by_role"]["pcso"]["working_hours"] == 5.0
    assert alpha["by_role"]["constable"]["working_hours"] == 8.0
    # North, same period: Alpha 29 / 2 plus Bravo 7 (investigation) + 3 (other duty, no role).
    north = rate("bcu", world.north.id, dt.date(2025, 7, 18), YESTERDAY)
    assert (north["working_hours"], north["abstracted_hours"]) == (39.0, 12.0)
    # Testshire force, the quarter: Alpha 8 + 8 + 8 (public order) working, 8 abstracted;
    # Bravo 7 h leave (dedicated); Charlie's 31 March is before the quarter.
    force = rate("force", world.force.id, dt.date(2025, 4, 1), QUARTER_END)
    assert (force["working_hours"], force["abstracted_hours"]) == (31.0, 8.0)
    # The other force, yesterday: sickness is an abstraction there: 8 / 8.
    other = rate("force", world.other_force.id, YESTERDAY, YESTERDAY)
    assert other["rate"] == 1.0
    # 28 days: 8 sickness + 8 patrol working (the rest day left out there), 8 abstracted.
    other = rate("force", world.other_force.id, dt.date(2025, 7, 18), YESTERDAY)
    assert (other["working_hours"], other["abstracted_hours"]) == (16.0, 8.0)


def test_job_stores_the_trends_selectors_give(force_data):
    world = force_data
    services.snapshot_nightly(today=TODAY)
    # 9 scopes x 2 period ends.
    assert TrendSnapshot.objects.count() == 18
    for level, ids in _scopes(world).items():
        for end in (QUARTER_END, YESTERDAY):
            live = selectors.trends(level=level, ids=ids, end=end)
            stored = selectors.trend_snapshots(
                level=level, scope_ids=ids, end=end, fresh_on=timezone.localdate()
            )
            assert set(stored) == set(ids)
            for scope_id in ids:
                assert stored[scope_id][0] == live[scope_id], (level, scope_id, end)
    # By hand: Alpha's week of Monday 30 June is cut at 30 June in the quarter's trend (8 h
    # patrol), whole in the 14 August trend (plus 8 h sickness on 2 July, left out: 8 h).
    alpha_q = selectors.trend_snapshots(
        level="team", scope_ids=[world.alpha.id], end=QUARTER_END, fresh_on=timezone.localdate()
    )[world.alpha.id][0]
    assert alpha_q[-1]["week_start"] == QUARTER_END == alpha_q[-1]["week_end"]
    assert alpha_q[-1]["abstraction"]["working_hours"] == 8.0
    # Week of 12 May: 8 h public order, 100% abstracted.
    assert alpha_q[4]["week_start"] == dt.date(2025, 5, 12)
    assert alpha_q[4]["abstraction"]["rate"] == 1.0


def test_job_stores_each_trend_week_as_its_numbers(force_data):
    """What the row keeps (selectors.trend_stored): per week [working, abstracted hours] or
    null, and the open priorities' [count, the four buckets' counts, median age] at its end;
    the dates come from the row's end and weeks."""
    world = force_data
    services.snapshot_nightly(today=TODAY)
    stored = TrendSnapshot.objects.get(scope_type="team", scope_id=world.alpha.id, end=QUARTER_END)
    # Weeks from Monday 14 April to Monday 30 June (cut at 30 June). Alpha's duty there: 12 May
    # 8 h public order (abstracted); 30 June 8 h patrol. 2 April is before the first week.
    hours = [None] * 12
    hours[4] = [8.0, 8.0]
    hours[11] = [8.0, 0.0]
    # A1's priority, set 1 March, open all along: 50 days old on Sunday 20 April, 7 more each
    # week; in 31-90 to 25 May (85), in 91-180 from 1 June (92); 121 on 30 June.
    ages = [50 + 7 * i for i in range(11)] + [121]
    ageing = [[1, 0, 1, 0, 0, age] if age <= 90 else [1, 0, 0, 1, 0, age] for age in ages]
    assert stored.value == {"abstraction": hours, "ageing": ageing}


def test_fan_out_pieces_write_the_same_values(force_data):
    """A piece of the night with explicit ids (one BCU and its teams, one force) writes the
    values the whole night wrote, and replaces only its own rows."""
    world = force_data
    services.snapshot_nightly(today=TODAY)
    before = {
        (s.metric, s.scope_type, s.scope_id, s.start, s.end): s.value
        for s in MetricSnapshot.objects.all()
    }
    trends_before = {
        (t.scope_type, t.scope_id, t.end): t.value for t in TrendSnapshot.objects.all()
    }
    periods = selectors.standard_periods(TODAY)
    written = services.snapshots_compute_and_write(
        units=[
            ("bcu", [world.north.id]),
            ("team", [world.alpha.id, world.bravo.id]),
            ("force", [world.other_force.id]),
        ],
        periods=periods,
    )
    assert written == 4 * 27  # 4 scopes x 27 figures (see above)
    after = {
        (s.metric, s.scope_type, s.scope_id, s.start, s.end): s.value
        for s in MetricSnapshot.objects.all()
    }
    assert after == before
    assert {
        (t.scope_type, t.scope_id, t.end): t.value for t in TrendSnapshot.objects.all()
    } == trends_before


def _force_with_teams(n: int):
    force = f.ForceFactory(slug=f"countshire-{n}")
    bcu = f.BCUFactory(force=force)
    for i in range(n):
        team = f.TeamFactory(bcu=bcu if i < 2 else f.BCUFactory(force=force))
        member = f.PostingFactory(team=team, role="constable").member
        f.DutyRecordFactory(member=member, team=team, date=YESTERDAY, activity="patrol")
        f.PriorityFactory(neighbourhood=team.neighbourhoods.first(), date_set=YESTERDAY)
    return force


@pytest.mark.parametrize("teams", [2, 6])
def test_job_query_count_is_fixed(db, teams, django_assert_num_queries):
    """The same statements for 2 teams (1 BCU) as for 6 (5 BCUs). Counted by hand: the
    advisory lock 1; the scopes of each level 3; the one pass 7 (teams; in a savepoint: 2 SET
    LOCAL, the periods' grouped scan and the trends' one, the savepoint and its release);
    the other metrics of all three levels at once (metrics_levels): the scope tree 3
    (neighbourhoods, team links, teams); per as-of day (2) supervision 1, staffing 1, ageing 2,
    meetings 1, coverage 1, plans 1 and the three figures of DESIGN 4.5 one each = 10, x 2 =
    20; contacts 1 (all three periods); plan quality 1 (every period end) and the averages 1;
    the priorities' ages (the ageing medians and the trends of every level) 1: 27;
    one DELETE per table (all levels) 2; two INSERTs (here, in a transaction, the halves run
    one after the other and all their figures are handed over before the write: the trends,
    then every metric snapshot) 2; the transaction's savepoint and its release 2; then the
    look-up of gone scopes' snapshots (none here) 1.
    1 + 3 + 7 + 27 + 2 + 2 + 2 + 1 = 45 (103 before the roll-up and the write's rework)."""
    _force_with_teams(teams)
    with django_assert_num_queries(45):
        services.snapshot_nightly(today=TODAY)
    # 1 force, 1 or 5 BCUs, 2 or 6 teams.
    scopes = 1 + (1 if teams == 2 else 5) + teams
    assert MetricSnapshot.objects.count() == scopes * 27
    assert TrendSnapshot.objects.count() == scopes * 2
