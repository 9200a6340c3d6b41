"""A large force's pieces of several whole BCUs on a REAL Celery worker with two pool processes
(issue 14 item 3; tests/dashboards/conftest.py starts it against this test database): the chord
runs the grouped piece, the final step closes the night, and the rows equal the single-process
run's; a BCU deleted between planning and running leaves its group piece running the rest.

Testshire gets a third BCU, West (Delta NPT): North 2 teams, South 1, West 1. With
SNAPSHOT_SPLIT_TEAMS = 3 it takes two groups, cut evenly: North (Alpha, Bravo, North: 3
scopes), South and West (Charlie, Delta, South, West: 4), and the force row (1); Otherforce is
one piece (3). 18 figures per scope on the night of 1 July 2025: 54 + 54 + 72 + 18 = 198.
"""

import datetime as dt

import pytest

from dashboards import services
from dashboards.models import MetricSnapshot, SnapshotNight
from tests.dashboards.conftest import wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2025, 7, 1)
NORTH = "Testshire Police / North (2 teams)"
GROUP = "Testshire Police / South, West (2 BCUs, 2 teams)"


def _snapshots() -> dict:
    return {
        (s.metric, s.scope_type, s.scope_id, s.start, s.end): s.value
        for s in MetricSnapshot.objects.all()
    }


def _finished(night_id: int) -> SnapshotNight | None:
    night = SnapshotNight.objects.get(pk=night_id)
    return night if night.status != SnapshotNight.Status.RUNNING else None


def test_grouped_pieces_run_on_the_worker_with_the_single_run_values(
    world, west, queue, start_worker
):
    services.snapshot_nightly(today=TODAY)  # the single-process run, to compare with
    single = _snapshots()
    MetricSnapshot.objects.all().delete()
    start_worker("prefork", concurrency=2)

    night = services.snapshot_night_start(today=TODAY)  # autocommit: sent at once
    night = wait_for(lambda: _finished(night.pk), "the night to finish")

    assert [(p.kind, p.label, p.status, p.rows) for p in night.piece_set.all()] == [
        ("force", "Otherforce Police", "done", 54),
        ("bcus", NORTH, "done", 54),
        ("bcus", GROUP, "done", 72),
        ("force_row", "Testshire Police (force row)", "done", 18),
    ]
    assert (night.status, night.pieces_done, night.rows) == ("complete", 4, 198)
    assert all(p.ran_on.startswith(f"{queue}@") for p in night.piece_set.all())
    assert _snapshots() == single
    # South: Charlie's 2 h custody cover of 4 h; West: Delta's 4 h patrol, none abstracted.
    for bcu, rate in [(world.south, 0.5), (west, 0.0)]:
        rows = MetricSnapshot.objects.filter(
            metric="abstraction", scope_type="bcu", scope_id=bcu.id
        )
        assert [s.value["rate"] for s in rows] == [rate] * 3


def test_a_bcu_deleted_before_the_worker_runs_its_group(world, west, queue, start_worker):
    night = services.snapshot_night_start(today=TODAY)  # sent; no worker takes it yet
    # South is dissolved into North after the night was sent, before a worker takes its pieces.
    world.charlie.bcu = world.north
    world.charlie.save()
    world.c1.bcu = world.north
    world.c1.save()
    world.south.delete()
    start_worker("prefork", concurrency=2)

    night = wait_for(lambda: _finished(night.pk), "the night to finish")

    assert [(p.label, p.status, p.rows) for p in night.piece_set.all()] == [
        ("Otherforce Police", "done", 54),
        (NORTH, "done", 4 * 18),  # Alpha, Bravo, Charlie, North
        (GROUP, "done", 2 * 18),  # Delta, West: South is gone
        ("Testshire Police (force row)", "done", 18),
    ]
    assert (night.status, night.rows) == ("complete", 180)
    # North now has Alpha and Charlie's duty time: 4 h abstracted of 12.
    north = MetricSnapshot.objects.filter(
        metric="abstraction", scope_type="bcu", scope_id=world.north.id
    )
    assert [s.value["rate"] for s in north] == [pytest.approx(1 / 3)] * 3
