"""The snapshots of a team, BCU or force that no longer exists are deleted by the next night
(issue 14 item 3). A night replaces only the snapshots of the scopes it computes, for its own
periods, so a deleted team's rows would otherwise stay for good and be found by anything that
reads snapshots by scope id.

Between the two nights: Bravo NPT is deleted; South BCU is dissolved (Charlie NPT and Cherry
Hinton move to North); Otherforce is merged into Testshire (its BCU and neighbourhood move
over, the force row is deleted). Scopes, counted by hand:
  night 1: 9 scopes (Alpha, Bravo, Charlie, Other NPT; North, South, Other BCU; Testshire,
           Otherforce);
  left:    6 scopes (Alpha, Charlie, Other NPT; North, Other BCU; Testshire).
Each night's periods end on one day (the night of 1 July 2025: 30 June; of 1 October: 30
September), so a scope has 18 figures (3 period metrics x 3 periods + 9 point metrics) and one
12-week trend per night. The two nights share no period.
"""

import datetime as dt

import pytest

from dashboards import services
from dashboards.models import MetricSnapshot, TrendSnapshot

NIGHT_1 = dt.date(2025, 7, 1)
NIGHT_2 = dt.date(2025, 10, 1)


def _metric_rows() -> dict:
    return {
        s.pk: (s.metric, s.scope_type, s.scope_id, s.start, s.end, s.value, s.computed_at)
        for s in MetricSnapshot.objects.all()
    }


def _trend_rows() -> dict:
    return {
        t.pk: (t.scope_type, t.scope_id, t.end, t.value, t.computed_at)
        for t in TrendSnapshot.objects.all()
    }


def _scopes(model) -> dict:
    """How many rows each (scope type, scope id) has in ``model``."""
    counts: dict = {}
    for scope in model.objects.values_list("scope_type", "scope_id"):
        counts[scope] = counts.get(scope, 0) + 1
    return counts


def _reorganise(world) -> dict:
    """Delete Bravo, dissolve South, merge Otherforce into Testshire. Returns the gone scopes'
    ids by type."""
    gone = {"team": world.bravo.id, "bcu": world.south.id, "force": world.other_force.id}
    world.bravo.delete()
    world.charlie.bcu = world.north
    world.charlie.save()
    world.c1.bcu = world.north
    world.c1.save()
    world.south.delete()
    world.other_neighbourhood.force = world.force
    world.other_neighbourhood.save()
    world.other_bcu.force = world.force
    world.other_bcu.save()
    world.other_force.delete()
    return gone


def _left(world) -> list[tuple]:
    return [
        ("team", world.alpha.id),
        ("team", world.charlie.id),
        ("team", world.other_team.id),
        ("bcu", world.north.id),
        ("bcu", world.other_bcu.id),
        ("force", world.force.id),
    ]


@pytest.mark.parametrize("split_teams", [200, 1], ids=["per-force", "per-bcu"])
def test_a_night_deletes_the_snapshots_of_gone_scopes_and_leaves_the_others(
    world, settings, split_teams
):
    settings.SNAPSHOT_SPLIT_TEAMS = split_teams
    first = services.snapshot_night_run(today=NIGHT_1)
    assert (first.status, first.rows) == ("complete", 9 * 18)
    assert (MetricSnapshot.objects.count(), TrendSnapshot.objects.count()) == (162, 9)
    gone = _reorganise(world)
    kept_metrics = {
        pk: row for pk, row in _metric_rows().items() if (row[1], row[2]) in _left(world)
    }
    kept_trends = {pk: row for pk, row in _trend_rows().items() if row[:2] in _left(world)}
    assert (len(kept_metrics), len(kept_trends)) == (6 * 18, 6)

    second = services.snapshot_night_run(today=NIGHT_2)

    assert (second.status, second.rows) == ("complete", 6 * 18)
    # No row of a gone scope, of either night.
    for scope_type, scope_id in gone.items():
        assert not MetricSnapshot.objects.filter(scope_type=scope_type, scope_id=scope_id).exists()
        assert not TrendSnapshot.objects.filter(scope_type=scope_type, scope_id=scope_id).exists()
    # Each scope left has its 18 figures and its trend of each night.
    assert _scopes(MetricSnapshot) == {scope: 36 for scope in _left(world)}
    assert _scopes(TrendSnapshot) == {scope: 2 for scope in _left(world)}
    # The first night's rows of the scopes left are the same rows, untouched.
    metrics_after, trends_after = _metric_rows(), _trend_rows()
    assert {pk: metrics_after.get(pk) for pk in kept_metrics} == kept_metrics
    assert {pk: trends_after.get(pk) for pk in kept_trends} == kept_trends


def test_the_single_run_deletes_them_too(world):
    services.snapshot_nightly(today=NIGHT_1)
    assert (MetricSnapshot.objects.count(), TrendSnapshot.objects.count()) == (162, 9)
    gone = _reorganise(world)
    kept = {pk: row for pk, row in _metric_rows().items() if (row[1], row[2]) in _left(world)}

    assert services.snapshot_nightly(today=NIGHT_2) == 6 * 18

    assert not {(t, i) for t, i in gone.items()} & set(_scopes(MetricSnapshot))
    assert not {(t, i) for t, i in gone.items()} & set(_scopes(TrendSnapshot))
    assert _scopes(MetricSnapshot) == {scope: 36 for scope in _left(world)}
    assert _scopes(TrendSnapshot) == {scope: 2 for scope in _left(world)}
    after = _metric_rows()
    assert {pk: after.get(pk) for pk in kept} == kept


def test_the_look_up_is_one_query_and_a_delete_per_table_when_a_scope_is_gone(
    world, django_assert_num_queries
):
    services.snapshot_nightly(today=NIGHT_1)
    before = _metric_rows(), _trend_rows()
    with django_assert_num_queries(1):  # the gone scopes in the trends: none
        assert services.snapshots_of_gone_scopes_delete() == (0, 0)
    assert (_metric_rows(), _trend_rows()) == before
    world.bravo.delete()
    world.other_team.delete()
    # The look-up, then one DELETE per table: 2 teams x 18 figures, 2 trends.
    with django_assert_num_queries(3):
        assert services.snapshots_of_gone_scopes_delete() == (36, 2)
    assert len(_metric_rows()) == 162 - 36
