"""The nightly job adds each metric up from neighbourhoods (or teams) into every level at once
(``dashboards.metrics.levels``, issue 14). The traps: a neighbourhood covered by two teams of
one BCU, or by teams of two BCUs, counts once in its own BCU and force (and for each team that
covers it); a median is taken over the items, not the parts' medians; a scope with no data
gets the metric's empty figures. Numbers worked out by hand, and every figure checked against
the single-scope selectors."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from dashboards import selectors, services
from dashboards.models import MetricSnapshot
from tests import factories as f

# Periods of 15 August 2025: point metrics as of 14 August (and 30 June, the quarter's end).
TODAY = dt.date(2025, 8, 15)
YESTERDAY = dt.date(2025, 8, 14)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10))


def _ago(days: int) -> dt.date:
    return YESTERDAY - dt.timedelta(days=days)


@pytest.fixture
def shared(world):
    """A1 (North) is covered by Alpha and Bravo (both North) and by Charlie (South). East, a
    BCU of Testshire, has one team, Delta, with no neighbourhood and no one posted: no data.

    Open priorities on 14 August, by age in days: A1 10 and 20; A2 30 and 41; B1 100; C1 1
    (and one closed on 1 July). Last PACT meetings: A1 25 days before, B1 105 (overdue past
    90), C1 86 (due soon: past 81, 90% of 90), A2 never."""
    world.bravo.neighbourhoods.add(world.a1)
    world.charlie.neighbourhoods.add(world.a1)
    east = f.BCUFactory(force=world.force, code="E", name="East")
    delta = f.TeamFactory(bcu=east, name="Delta NPT", neighbourhoods=[])
    for hood, ages in ((world.a1, (10, 20)), (world.a2, (30, 41)), (world.b1, (100,))):
        for age in ages:
            f.PriorityFactory(neighbourhood=hood, date_set=_ago(age))
    f.PriorityFactory(neighbourhood=world.c1, date_set=_ago(1))
    f.PriorityFactory(
        neighbourhood=world.c1,
        date_set=dt.date(2025, 6, 1),
        status="closed",
        closed_on=dt.date(2025, 7, 1),
        outcome="resolved",
    )
    for hood, days in ((world.a1, 25), (world.b1, 105), (world.c1, 86)):
        f.EventFactory(neighbourhood=hood, start=_at(_ago(days)))
    f.PlanFactory(neighbourhood=world.a1, opened_on=dt.date(2025, 3, 1))
    f.PostingFactory(team=world.alpha, role="sergeant")
    f.PostingFactory(team=world.bravo, role="constable")
    world.east, world.delta = east, delta
    return world


def _snap(metric: str, level: str, scope_id: int, *, day: dt.date = YESTERDAY) -> dict:
    return MetricSnapshot.objects.get(
        metric=metric, scope_type=level, scope_id=scope_id, start=day, end=day
    ).value


def test_shared_neighbourhood_counts_once_in_its_bcu_and_force(shared):
    w = shared
    services.snapshot_nightly(today=TODAY)
    ageing = {
        name: (_snap("priority_ageing", level, sid)["open"], _snap("priority_ageing", level, sid))
        for name, level, sid in (
            ("alpha", "team", w.alpha.id),
            ("bravo", "team", w.bravo.id),
            ("charlie", "team", w.charlie.id),
            ("north", "bcu", w.north.id),
            ("south", "bcu", w.south.id),
            ("force", "force", w.force.id),
        )
    }
    # Each team counts A1 (2 open): Alpha 2 + 2 (A2), Bravo 2 + 1 (B1), Charlie 2 + 1 (C1).
    assert [ageing[t][0] for t in ("alpha", "bravo", "charlie")] == [4, 3, 3]
    # North owns A1, A2, B1: 5, not Alpha + Bravo = 7. South owns C1 only: 1, not Charlie's 3.
    assert ageing["north"][0] == 5
    assert ageing["south"][0] == 1
    assert ageing["force"][0] == 6
    # Neighbourhoods: Alpha 2, Bravo 2, Charlie 2; North 3 (A1 once), South 1, Testshire 4.
    hoods = [
        _snap("meeting_cadence", level, sid)["neighbourhoods"]
        for level, sid in (
            ("team", w.alpha.id),
            ("team", w.bravo.id),
            ("team", w.charlie.id),
            ("bcu", w.north.id),
            ("bcu", w.south.id),
            ("force", w.force.id),
        )
    ]
    assert hoods == [2, 2, 2, 3, 1, 4]
    # Buckets of Testshire's six ages 1, 10, 20, 30, 41, 100.
    assert ageing["force"][1]["buckets"] == {"0-30": 4, "31-90": 1, "91-180": 1, "181+": 0}


def test_medians_are_taken_over_the_priorities_not_the_parts(shared):
    w = shared
    services.snapshot_nightly(today=TODAY)

    def median(level, sid):
        return _snap("priority_ageing", level, sid)["median_age_days"]

    # Alpha: 10, 20, 30, 41 -> (20 + 30) / 2. Bravo: 10, 20, 100 -> 20. Charlie: 1, 10, 20.
    assert median("team", w.alpha.id) == 25.0
    assert median("team", w.bravo.id) == 20.0
    assert median("team", w.charlie.id) == 10.0
    # North: 10, 20, 30, 41, 100 -> 30 (the median of Alpha's and Bravo's would be 22.5).
    assert median("bcu", w.north.id) == 30.0
    assert median("bcu", w.south.id) == 1.0
    # Testshire: 1, 10, 20, 30, 41, 100 -> (20 + 30) / 2.
    assert median("force", w.force.id) == 25.0


def test_meeting_cadence_latest_and_stalest_across_neighbourhoods(shared):
    w = shared
    services.snapshot_nightly(today=TODAY)
    north = _snap("meeting_cadence", "bcu", w.north.id)
    # A1 25 days, B1 105 (overdue), A2 never (overdue): the stalest is unknown.
    assert (north["overdue"], north["never_met"], north["due_soon"]) == (2, 1, 0)
    assert (north["days_since_last"], north["days_since_stalest"]) == (25, None)
    charlie = _snap("meeting_cadence", "team", w.charlie.id)
    # A1 25 days, C1 86 days (due soon).
    assert (charlie["overdue"], charlie["due_soon"]) == (0, 1)
    assert (charlie["days_since_last"], charlie["days_since_stalest"]) == (25, 86)
    south = _snap("meeting_cadence", "bcu", w.south.id)
    assert (south["days_since_last"], south["days_since_stalest"], south["due_soon"]) == (
        86,
        86,
        1,
    )


def test_scopes_with_no_data_get_empty_figures(shared):
    w = shared
    services.snapshot_nightly(today=TODAY)
    for level, sid in (("bcu", w.east.id), ("team", w.delta.id)):
        ageing = _snap("priority_ageing", level, sid)
        assert (ageing["open"], ageing["median_age_days"], ageing["neighbourhoods"]) == (0, None, 0)
        assert ageing["neighbourhoods_up_to_date_pct"] is None
        meetings = _snap("meeting_cadence", level, sid)
        assert (meetings["neighbourhoods"], meetings["days_since_last"]) == (0, None)
        assert _snap("named_officer_coverage", level, sid)["pct"] is None
        supervision = _snap("supervision", level, sid)
        # Delta is East's one team, with no sergeant and no one to supervise.
        assert (supervision["sergeants"], supervision["span"], supervision["teams"]) == (
            0.0,
            None,
            1,
        )
        assert supervision["teams_without_sergeant"] == 1
        quality = MetricSnapshot.objects.get(
            metric="plan_quality",
            scope_type=level,
            scope_id=sid,
            start=dt.date(2025, 7, 18),
            end=YESTERDAY,
        ).value
        assert quality == {"plans": 0, "average": None}
    other = _snap("priority_ageing", "force", w.other_force.id)
    assert (other["open"], other["median_age_days"], other["neighbourhoods"]) == (0, None, 1)


def test_every_figure_matches_the_single_scope_selectors(shared):
    """The whole night, and a piece whose team covers a neighbourhood of another BCU (Charlie
    and South only: A1 must still count for Charlie), write what the selectors give."""
    w = shared
    services.snapshot_nightly(today=TODAY)
    _assert_matches(
        {
            "team": [w.alpha.id, w.bravo.id, w.charlie.id, w.delta.id, w.other_team.id],
            "bcu": [w.north.id, w.south.id, w.east.id, w.other_bcu.id],
            "force": [w.force.id, w.other_force.id],
        }
    )
    MetricSnapshot.objects.all().delete()
    services.snapshots_compute_and_write(
        units=[("team", [w.charlie.id]), ("bcu", [w.south.id])],
        periods=selectors.standard_periods(TODAY),
    )
    assert _snap("priority_ageing", "team", w.charlie.id)["open"] == 3
    assert _snap("priority_ageing", "bcu", w.south.id)["open"] == 1
    _assert_matches({"team": [w.charlie.id], "bcu": [w.south.id]})


def _assert_matches(scopes: dict[str, list[int]]) -> None:
    periods = selectors.standard_periods(TODAY)
    checked = 0
    for level, ids in scopes.items():
        for sid in ids:
            for name in selectors.metrics_for(level):
                func = getattr(selectors, "abstraction_rate" if name == "abstraction" else name)
                for start, end in periods.values():
                    kwargs = {f"{level}_id": sid}
                    if selectors.METRICS[name].period:
                        kwargs.update(start=start, end=end)
                    else:
                        start = end
                        kwargs.update(as_of=end)
                    expected = json.loads(json.dumps(services._jsonable(func(**kwargs))))
                    snap = MetricSnapshot.objects.get(
                        metric=name, scope_type=level, scope_id=sid, start=start, end=end
                    )
                    assert snap.value == expected, (name, level, sid, start)
                    checked += 1
    assert checked == sum(len(ids) for ids in scopes.values()) * 12 * 3
