"""A whole Celery worker killed with SIGKILL in the middle of a night's piece (issue 14 item 3):
Redis hands the piece's unacknowledged message to another worker after the visibility timeout
and the night completes by itself, with no operator (compare
test_snapshot_night_worker_killed.py, where the redelivery is 35 minutes away and the operator
reruns the night).

What the settings promise (npms/settings/base.py): acks late, so the message of a piece being
computed stays in Redis's ``unacked`` hash until the piece ends; a whole worker lost never
acknowledges it, and kombu's Redis transport puts it back on its queue once it is older than
the visibility timeout. kombu does that in ``QoS.restore_visible``, which a worker calls when it
starts consuming (``on_poll_init``) and then on a timer (every ``unacked_restore_interval`` =
10 s, scanning on every ``unacked_restore_throttle`` = 10th call: about every 100 s). So the test
starts the second worker once the message is older than the visibility timeout, and that
worker's first sweep restores it.

Everything runs on a redis-server of the test's own (conftest.private_redis) with a visibility
timeout of 3 s (NPMS_TEST_VISIBILITY_TIMEOUT, read by npms.settings.test only): on the shared
Redis such a worker would hand the other runs' unacknowledged tasks around. The night is sent
as beat sends it, the ``dashboards.snapshot_night_fanout`` task; the first worker (one process)
plans it and sends the chord, then takes the first piece, Otherforce's, which waits for a
table lock the test holds: either mid-computation (a lock on the priorities, read by each
piece's priority ageing: nothing written) or mid-write (a lock on the trend snapshots: the piece
has deleted its old metric rows in its uncommitted transaction and waits to delete its
trends). Then ``kill -9`` of its process group. A third case kills it after the piece has
finished but before its message was acknowledged (the acknowledgement lost): the piece runs
twice, and must count once in the chord's counter in the result backend.

The world's two forces, Testshire split per BCU (SNAPSHOT_SPLIT_TEAMS=2), make four pieces:
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
import re
import signal
import time
from collections import Counter

import pytest
from celery import Celery
from django.db import connection

from dashboards import services
from dashboards.models import MetricSnapshot, SnapshotNight, TrendSnapshot
from tests import factories as f
from tests.dashboards.conftest import (
    abstraction_rates,
    table_locked,
    wait_for,
    waiting_for_lock,
)

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2025, 7, 1)
VISIBILITY_TIMEOUT = 3  # seconds
QUEUE = "celery"  # the default queue: the Redis is the test's own
# Where the first piece is held: (table, lock mode the test takes).
HOLDS = {
    "computing": ("priorities_priority", "ACCESS EXCLUSIVE"),
    "writing": ("dashboards_trendsnapshot", "EXCLUSIVE"),
}


def _duty(world) -> None:
    for team, hours, activity in [
        (world.alpha, "6", "patrol"),
        (world.alpha, "2", "response_cover"),
        (world.charlie, "8", "engagement"),
        (world.other_team, "5", "patrol"),
        (world.other_team, "5", "custody_cover"),
    ]:
        f.posted_duty(team, date=dt.date(2025, 6, 30), hours=hours, activity=activity)


def _snapshots() -> dict:
    """Every metric snapshot with its value and when it was computed."""
    return {
        (s.metric, s.scope_type, s.scope_id, s.start, s.end): (s.value, s.computed_at)
        for s in MetricSnapshot.objects.all()
    }


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


def _other_sessions() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def _tasks(log: str, name: str, event: str) -> Counter:
    """How many times the workers' log says task ``name`` (by task id) was ``event``."""
    return Counter(re.findall(rf"Task {re.escape(name)}\[([0-9a-f-]+)\] {event}", log))


def _finish_results(log: str) -> list[str]:
    """What each run of the chord's final step returned (the night's status), in log order."""
    return re.findall(
        r"Task dashboards\.snapshot_night_finish\[[0-9a-f-]+\] succeeded in \S+: '(\w+)'", log
    )


def _counted_in_chord(broker) -> int:
    """How many header results the chord's counter in the result backend holds (Celery's
    Redis backend keeps them in the sorted set ``celery-taskset-meta-<group id>.j``)."""
    return sum(broker.zcard(key) for key in broker.keys("celery-taskset-meta-*.j"))


@pytest.mark.parametrize("killed", ["computing", "writing", "finished"])
def test_a_killed_workers_piece_is_redelivered_and_the_night_completes_by_itself(
    world, private_redis, start_worker, tmp_path, killed
):
    """``killed``: where the first worker is when it is killed: in the piece's computation, in
    its write, or after the piece has finished and been counted in the chord but before the
    worker's main process acknowledged its message (the main process stopped with SIGSTOP while
    the pool process finishes), the case where a redelivered piece could count twice."""
    broker = private_redis.client
    env = {
        "CELERY_BROKER_URL": private_redis.url,
        "NPMS_TEST_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "SNAPSHOT_SPLIT_TEAMS": "2",
    }
    services.snapshot_nightly(today=TODAY)  # last night's snapshots, before the duty time
    before = _snapshots()
    assert len(before) == 162
    _duty(world)
    worker = start_worker("prefork", concurrency=1, queues=[QUEUE], env=env)

    table, mode = HOLDS["writing" if killed == "writing" else "computing"]
    with table_locked(table, mode):
        # Beat's message, on the test's Redis, from an app of its own that must not become
        # this process's current app (the shared tasks would then find no result backend).
        beat = Celery("npms-test-beat", broker=private_redis.url, set_as_current=False)
        try:
            beat.send_task(
                "dashboards.snapshot_night_fanout", kwargs={"today": TODAY.isoformat()}, queue=QUEUE
            )
        finally:
            beat.close()
        waiting = wait_for(
            lambda: (
                SnapshotNight.objects.filter(piece_set__status="running").exists()
                and waiting_for_lock(table)
            ),
            "the first piece to be held",
        )
        if killed == "writing":
            # Half-way through its write: its old metric rows deleted, uncommitted.
            assert _holding_metric_rows(waiting) == 1
        night = SnapshotNight.objects.get()
        held = night.piece_set.get(status="running")
        # Sent in force name order and taken first in, first out: Otherforce's piece.
        assert (held.label, held.attempts) == ("Otherforce Police", 1)
        # The broker: the held piece's message taken and unacknowledged, three still queued.
        assert (broker.hlen("unacked"), broker.llen(QUEUE)) == (1, 3)
        (delivered_at,) = broker.zrange("unacked_index", 0, -1, withscores=True)
        if killed == "finished":
            os.kill(worker.pid, signal.SIGSTOP)  # the main process only, which acknowledges
        else:
            os.killpg(worker.pid, signal.SIGKILL)  # the main process and its pool process
    if killed == "finished":
        # The pool process finishes the piece and counts it in the chord; nobody acknowledges.
        wait_for(
            lambda: night.piece_set.filter(status="done").exists() and _counted_in_chord(broker),
            "the piece to be done and counted",
        )
        os.killpg(worker.pid, signal.SIGKILL)
    assert worker.wait(timeout=30) == -signal.SIGKILL
    # With the lock gone the killed piece's sessions find their client gone and end;
    # PostgreSQL rolls back what they had not committed.
    wait_for(lambda: _other_sessions() == 0, "the killed worker's sessions to end")

    night.refresh_from_db()
    assert (night.status, night.pieces, night.pieces_failed) == ("running", 4, 0)
    first = "done" if killed == "finished" else "running"
    assert dict(night.piece_set.values_list("label", "status")) == {
        "Otherforce Police": first,
        "Testshire Police / North (2 teams)": "pending",
        "Testshire Police / South (1 team)": "pending",
        "Testshire Police (force row)": "pending",
    }
    assert night.pieces_done == (1 if killed == "finished" else 0)
    other_scopes = {
        ("team", world.other_team.id),
        ("bcu", world.other_bcu.id),
        ("force", world.other_force.id),
    }
    now = _snapshots()
    # Otherforce's 54 figures tonight's if its piece finished, else last night's: nothing
    # half-written; every other scope's last night's.
    assert {k for k in before if now[k] != before[k]} == (
        {k for k in before if (k[1], k[2]) in other_scopes} if killed == "finished" else set()
    )
    assert (broker.hlen("unacked"), broker.llen(QUEUE)) == (1, 3)

    # A new worker, once the message is older than the visibility timeout: its first sweep
    # (at start) puts the killed piece back on the queue. No rerun, no stale check.
    wait_for(
        lambda: time.time() > delivered_at[1] + VISIBILITY_TIMEOUT,
        "the visibility timeout to pass",
    )
    start_worker("prefork", concurrency=2, queues=[QUEUE], env=env)
    log_path = tmp_path / "worker.log"
    wait_for(
        lambda: (
            _finish_results(log_path.read_text())
            and not night.piece_set.exclude(status="done").exists()
            and (broker.hlen("unacked"), broker.llen(QUEUE)) == (0, 0)
        ),
        "the night's pieces and its final step to end",
    )
    night.refresh_from_db()
    assert (night.status, night.pieces, night.pieces_done, night.pieces_failed) == (
        "complete",
        4,
        4,
        0,
    )
    assert (night.rows, night.message) == (162, "")
    pieces = {p.label: p for p in night.piece_set.all()}
    # The killed piece ran twice, the others once.
    assert {label: (p.status, p.attempts) for label, p in pieces.items()} == {
        "Otherforce Police": ("done", 2),
        "Testshire Police / North (2 teams)": ("done", 1),
        "Testshire Police / South (1 team)": ("done", 1),
        "Testshire Police (force row)": ("done", 1),
    }
    assert pieces["Otherforce Police"].ran_on != held.ran_on  # the second worker's process
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
    # Every snapshot is tonight's: none is left from last night.
    assert {c for _, c in _snapshots().values()}.isdisjoint(c for _, c in before.values())

    log = log_path.read_text()
    # The same message twice (not a new one sent): received by each worker.
    assert sorted(_tasks(log, "dashboards.snapshot_piece", "received").values()) == [1, 1, 1, 2]
    assert sorted(_tasks(log, "dashboards.snapshot_piece", "succeeded").values()) == (
        [1, 1, 1, 2] if killed == "finished" else [1, 1, 1, 1]
    )
    # The chord's final step ran once.
    assert list(_tasks(log, "dashboards.snapshot_night_finish", "received").values()) == [1]
    results = _finish_results(log)
    if killed == "finished":
        # Both runs reached the chord's counter; Celery's Redis backend records a header task
        # once (by task id), so the step was sent once. Counted from the first run, it may run
        # while the second is still going ("running"); the second closes the night then.
        assert len(results) == 1 and results[0] in {"running", "complete"}
    else:
        # The killed run never reached the counter: the step ran after all four pieces.
        assert results == ["complete"]
