"""A whole Celery worker (its main process and both pool processes) killed with SIGKILL in the
middle of a night (issue 14 item 3): what an operator then sees, and how the night is brought
to complete.

The worker is a real ``celery worker -P prefork --concurrency 2`` on the private Redis against
this test database (tests/dashboards/conftest.py). The test holds a table lock in a session of
its own so that the first two pieces (one per pool process) stop at a known point: either in
their computation (priority ageing reads the priorities) or in their write (one piece has
deleted its old metric rows in its uncommitted transaction and waits to delete its trends; the
other waits for the write lock). Then ``kill -9`` of the worker's process group.

The world's two forces, Testshire split per BCU (threshold 2 teams), make four pieces:
Otherforce; Testshire / North (Alpha, Bravo, North); Testshire / South (Charlie, South);
Testshire's force row. Every period of the night of 1 July 2025 ends on 30 June, so each of the
9 scopes has 18 figures (162 in all) and one 12-week trend (9).

The duty time, all on 30 June (in every period), and the abstraction rates worked by hand
(response and custody cover are abstraction; patrol and engagement are not):
  Alpha 6 h patrol + 2 h response cover: 2 / 8 = 0.25; Bravo no duty time;
  Charlie 8 h engagement: 0 / 8 = 0.0; North (Alpha + Bravo) 2 / 8 = 0.25; South 0.0;
  Testshire 2 / 16 = 0.125; Other NPT, Other BCU, Otherforce 5 h patrol + 5 h custody cover:
  5 / 10 = 0.5.
"""

import datetime as dt
import os
import signal

import pytest
from django.db import connection
from django.utils import timezone

from dashboards import services
from dashboards.models import MetricSnapshot, SnapshotNight, SnapshotPiece, TrendSnapshot
from tests import factories as f
from tests.dashboards.conftest import abstraction_rates, table_locked, wait_for, waiting_for_lock

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2025, 7, 1)

# Where the two pieces are held: (table, lock mode the test takes).
HOLDS = {
    # Priority ageing (each piece's 4th metric) reads the priorities: the pieces wait there,
    # mid-computation, nothing written.
    "computing": ("priorities_priority", "ACCESS EXCLUSIVE"),
    # Reads go on; the first piece to write takes the write lock, deletes its old metric rows
    # and waits to delete its old trends; the second waits for the write lock.
    "writing": ("dashboards_trendsnapshot", "EXCLUSIVE"),
}


@pytest.fixture
def two_queues(world, settings, queue, new_queue):
    """Testshire split per BCU; Otherforce's piece on a queue of its own. Returns (default
    queue, Otherforce's queue)."""
    settings.SNAPSHOT_SPLIT_TEAMS = 2
    settings.SNAPSHOT_PIECE_STALE_SECONDS = 600
    other_queue = new_queue()
    settings.SNAPSHOT_QUEUES = {"otherforce": other_queue}
    return queue, other_queue


def _duty(world) -> None:
    for team, hours, activity in [
        (world.alpha, "6", "patrol"),
        (world.alpha, "2", "response_cover"),
        (world.charlie, "8", "engagement"),
        (world.other_team, "5", "patrol"),
        (world.other_team, "5", "custody_cover"),
    ]:
        f.posted_duty(team, date=dt.date(2025, 6, 30), hours=hours, activity=activity)


def _snapshots(scopes: set | None = None) -> dict:
    """Every metric snapshot (of ``scopes``, or all) with its value and when it was computed."""
    return {
        (s.metric, s.scope_type, s.scope_id, s.start, s.end): (s.value, s.computed_at)
        for s in MetricSnapshot.objects.all()
        if scopes is None or (s.scope_type, s.scope_id) in scopes
    }


def _trends(scopes: set | None = None) -> dict:
    return {
        (t.scope_type, t.scope_id, t.end, t.weeks): (t.value, t.computed_at)
        for t in TrendSnapshot.objects.all()
        if scopes is None or (t.scope_type, t.scope_id) in scopes
    }


def _piece_scopes(world) -> dict[str, set]:
    return {
        "Otherforce Police": {
            ("team", world.other_team.id),
            ("bcu", world.other_bcu.id),
            ("force", world.other_force.id),
        },
        "Testshire Police / North (2 teams)": {
            ("team", world.alpha.id),
            ("team", world.bravo.id),
            ("bcu", world.north.id),
        },
        "Testshire Police / South (1 team)": {("team", world.charlie.id), ("bcu", world.south.id)},
        "Testshire Police (force row)": {("force", world.force.id)},
    }


def _other_sessions() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def _holding_metric_rows(pids: list[int]) -> int:
    """How many of ``pids`` hold the row-exclusive lock of a DELETE on the metric snapshots."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT l.pid) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = 'dashboards_metricsnapshot' AND l.mode = 'RowExclusiveLock' "
            "AND l.granted AND l.pid = ANY(%s)",
            [pids],
        )
        return cursor.fetchone()[0]


def _finished(night_id: int) -> SnapshotNight | None:
    night = SnapshotNight.objects.get(pk=night_id)
    return night if night.status != SnapshotNight.Status.RUNNING else None


@pytest.mark.parametrize("hold", sorted(HOLDS))
def test_a_worker_killed_mid_night_is_failed_when_stale_and_a_rerun_completes_the_night(
    world, two_queues, start_worker, hold
):
    default_queue, other_queue = two_queues
    queues = [default_queue, other_queue]
    services.snapshot_nightly(today=TODAY)  # last night's snapshots, before the duty time
    before, trends_before = _snapshots(), _trends()
    assert (len(before), len(trends_before)) == (162, 9)
    _duty(world)
    worker = start_worker("prefork", concurrency=2, queues=queues)

    with table_locked(*HOLDS[hold]):
        night = services.snapshot_night_start(today=TODAY)  # autocommit: sent at once
        held = wait_for(
            # Computing: the two pieces' other metrics wait for the priorities. A piece whose
            # one pass is done has begun its write meanwhile (issue 14), and the other piece's
            # pass, once done, waits for the write lock: count the priorities' waiters only.
            lambda: (lambda pids: pids if len(pids) == 2 else None)(
                waiting_for_lock(HOLDS[hold][0] if hold == "computing" else None)
            ),
            "two pieces to be held",
        )
        if hold == "writing":
            # One piece is half-way through its write: its old rows deleted, uncommitted.
            assert _holding_metric_rows(held) == 1
        os.killpg(worker.pid, signal.SIGKILL)  # the main process and its pool processes
        assert worker.wait(timeout=30) == -signal.SIGKILL
    # With the lock gone, the killed pieces' database sessions find their client gone and end;
    # PostgreSQL rolls back what they had written.
    wait_for(lambda: _other_sessions() == 0, "the killed worker's sessions to end")

    # What an operator sees: the night is running, two pieces running (their worker is gone)
    # and two still queued; every scope has last night's snapshots, nothing half-written.
    night.refresh_from_db()
    assert (night.status, night.pieces, night.pieces_done, night.pieces_failed) == (
        "running",
        4,
        0,
        0,
    )
    killed = list(night.piece_set.filter(status="running").order_by("id"))
    assert len(killed) == 2 and all(p.attempts == 1 for p in killed)
    assert night.piece_set.filter(status="pending").count() == 2
    assert _snapshots() == before
    assert _trends() == trends_before

    # A new worker (as systemd would start) takes the two queued pieces. The killed two stay
    # with the broker, unacknowledged, until its visibility timeout (35 minutes).
    start_worker("prefork", concurrency=2, queues=queues)
    # Each piece records itself done, then (a moment later) the night's counts: wait for both.
    wait_for(lambda: SnapshotNight.objects.get(pk=night.pk).pieces_done == 2, "the queued pieces")
    night.refresh_from_db()
    assert (night.status, night.pieces_done, night.pieces_failed) == ("running", 2, 0)
    assert night.piece_set.filter(status="done").count() == 2
    killed_scopes = set().union(*(_piece_scopes(world)[p.label] for p in killed))
    assert _snapshots(killed_scopes) == {
        k: v for k, v in before.items() if (k[1], k[2]) in killed_scopes
    }
    assert _trends(killed_scopes) == {
        k: v for k, v in trends_before.items() if (k[0], k[1]) in killed_scopes
    }

    # Beat's stale check (every 10 minutes): before the stale time nothing; after it the
    # killed pieces are failed and the night ends partial, naming them.
    now = timezone.now()
    assert services.snapshot_nights_fail_stale(now=now) == 0
    assert services.snapshot_nights_fail_stale(now=now + dt.timedelta(seconds=601)) == 2
    night.refresh_from_db()
    assert (night.status, night.pieces_done, night.pieces_failed) == ("partial", 2, 2)
    assert night.message == "2 of 4 pieces failed: " + "; ".join(
        f"{p.label} (Lost: no result within 10 minutes (its worker stopped, or no worker takes "
        "its queue). Its scopes keep their previous snapshots.)"
        for p in killed
    )

    # The operator reruns the night's failed pieces: the same night ends complete.
    night = services.snapshot_night_rerun_start(night_id=night.pk)
    assert (night.status, night.pieces_failed, night.message) == ("running", 0, "")
    night = wait_for(lambda: _finished(night.pk), "the rerun to finish")
    assert (night.status, night.pieces_done, night.pieces_failed, night.rows) == (
        "complete",
        4,
        0,
        162,
    )
    assert night.message == ""
    attempts = {p.label: p.attempts for p in night.piece_set.all()}
    assert attempts == {
        label: 2 if label in {p.label for p in killed} else 1 for label in _piece_scopes(world)
    }
    assert {p.status for p in night.piece_set.all()} == {SnapshotPiece.Status.DONE}
    assert (MetricSnapshot.objects.count(), TrendSnapshot.objects.count()) == (162, 9)
    assert abstraction_rates() == {
        ("team", world.alpha.id): [0.25] * 3,
        ("team", world.bravo.id): [None] * 3,
        ("team", world.charlie.id): [0.0] * 3,
        ("bcu", world.north.id): [0.25] * 3,
        ("bcu", world.south.id): [0.0] * 3,
        ("force", world.force.id): [0.125] * 3,
        ("team", world.other_team.id): [0.5] * 3,
        ("bcu", world.other_bcu.id): [0.5] * 3,
        ("force", world.other_force.id): [0.5] * 3,
    }
    # Every snapshot and trend is tonight's: none is left from last night.
    assert {c for _, c in _snapshots().values()}.isdisjoint(c for _, c in before.values())
    assert {computed for _, computed in _trends().values()}.isdisjoint(
        computed for _, computed in trends_before.values()
    )
