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
table lock the test holds on the priorities (read by each piece's priority ageing), mid-
computation, nothing written. Then ``kill -9`` of its process group.

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
from contextlib import contextmanager
from decimal import Decimal

import psycopg
import pytest
from celery import Celery
from django.db import connection

from dashboards import services
from dashboards.models import MetricSnapshot, SnapshotNight, TrendSnapshot
from tests import factories as f
from tests.dashboards.conftest import wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2025, 7, 1)
VISIBILITY_TIMEOUT = 3  # seconds
QUEUE = "celery"  # the default queue: the Redis is the test's own


def _duty(world) -> None:
    for team, hours, activity in [
        (world.alpha, "6", "patrol"),
        (world.alpha, "2", "response_cover"),
        (world.charlie, "8", "engagement"),
        (world.other_team, "5", "patrol"),
        (world.other_team, "5", "custody_cover"),
    ]:
        member = f.PostingFactory(team=team).member
        f.DutyRecordFactory(
            member=member,
            team=team,
            date=dt.date(2025, 6, 30),
            hours=Decimal(hours),
            activity=activity,
        )


def _snapshots() -> dict:
    """Every metric snapshot with its value and when it was computed."""
    return {
        (s.metric, s.scope_type, s.scope_id, s.start, s.end): (s.value, s.computed_at)
        for s in MetricSnapshot.objects.all()
    }


def _rates() -> dict:
    """Each scope's abstraction rates over the night's three periods."""
    rates: dict = {}
    for scope_type, scope_id, value in MetricSnapshot.objects.filter(
        metric="abstraction"
    ).values_list("scope_type", "scope_id", "value"):
        rates.setdefault((scope_type, scope_id), []).append(value["rate"])
    return rates


@contextmanager
def _locked(table: str, mode: str):
    """Hold ``LOCK TABLE table IN mode MODE`` in a session of its own until the block ends."""
    params = connection.get_connection_params()
    with psycopg.connect(
        dbname=params["dbname"], host=params.get("host"), user=params.get("user")
    ) as session:
        session.execute(f"LOCK TABLE {table} IN {mode} MODE")
        yield
        session.rollback()


def _waiting_for(table: str) -> int:
    """How many other sessions wait for a lock on ``table``."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT l.pid) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE NOT l.granted AND c.relname = %s AND l.pid <> pg_backend_pid() "
            "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            [table],
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


def test_a_worker_killed_mid_piece_hands_it_back_after_the_visibility_timeout_and_the_night_completes_by_itself(  # noqa: E501
    world, private_redis, start_worker, tmp_path
):
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

    with _locked("priorities_priority", "ACCESS EXCLUSIVE"):
        # Beat's message, on the test's Redis.
        beat = Celery("npms-test-beat", broker=private_redis.url)
        try:
            beat.send_task(
                "dashboards.snapshot_night_fanout", kwargs={"today": TODAY.isoformat()}, queue=QUEUE
            )
        finally:
            beat.close()
        wait_for(
            lambda: (
                SnapshotNight.objects.filter(piece_set__status="running").exists()
                and _waiting_for("priorities_priority") >= 1
            ),
            "the first piece to be held",
        )
        night = SnapshotNight.objects.get()
        held = night.piece_set.get(status="running")
        # Sent in force name order and taken first in, first out: Otherforce's piece.
        assert (held.label, held.attempts) == ("Otherforce Police", 1)
        # The broker: the held piece's message taken and unacknowledged, three still queued.
        assert (broker.hlen("unacked"), broker.llen(QUEUE)) == (1, 3)
        (delivered_at,) = broker.zrange("unacked_index", 0, -1, withscores=True)
        os.killpg(worker.pid, signal.SIGKILL)  # the main process and its pool process
        assert worker.wait(timeout=30) == -signal.SIGKILL
    # With the lock gone the killed piece's sessions find their client gone and end;
    # PostgreSQL rolls back what they had done.
    wait_for(lambda: _other_sessions() == 0, "the killed worker's sessions to end")

    night.refresh_from_db()
    assert (night.status, night.pieces, night.pieces_done, night.pieces_failed) == (
        "running",
        4,
        0,
        0,
    )
    assert dict(night.piece_set.values_list("label", "status")) == {
        "Otherforce Police": "running",
        "Testshire Police / North": "pending",
        "Testshire Police / South": "pending",
        "Testshire Police (force row)": "pending",
    }
    assert _snapshots() == before  # nothing half-written
    assert (broker.hlen("unacked"), broker.llen(QUEUE)) == (1, 3)

    # A new worker, once the message is older than the visibility timeout: its first sweep
    # (at start) puts the killed piece back on the queue. No rerun, no stale check.
    wait_for(
        lambda: time.time() > delivered_at[1] + VISIBILITY_TIMEOUT,
        "the visibility timeout to pass",
    )
    start_worker("prefork", concurrency=2, queues=[QUEUE], env=env)
    night = wait_for(
        lambda: (lambda n: n if n.status != "running" else None)(
            SnapshotNight.objects.get(pk=night.pk)
        ),
        "the night to end",
    )
    assert (night.status, night.pieces, night.pieces_done, night.pieces_failed) == (
        "complete",
        4,
        4,
        0,
    )
    assert (night.rows, night.message) == (162, "")
    pieces = {p.label: p for p in night.piece_set.all()}
    # The killed piece ran twice (its first run rolled back), the others once.
    assert {label: (p.status, p.attempts) for label, p in pieces.items()} == {
        "Otherforce Police": ("done", 2),
        "Testshire Police / North": ("done", 1),
        "Testshire Police / South": ("done", 1),
        "Testshire Police (force row)": ("done", 1),
    }
    assert pieces["Otherforce Police"].ran_on != held.ran_on  # the second worker's process
    assert (MetricSnapshot.objects.count(), TrendSnapshot.objects.count()) == (162, 9)
    assert _rates() == {
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

    # The chord's final step runs once: the redelivered piece counted once in the chord's
    # counter. It finds the night already closed by the last piece and leaves it as it was.
    log_path = tmp_path / "worker.log"
    wait_for(
        lambda: _tasks(log_path.read_text(), "dashboards.snapshot_night_finish", "succeeded"),
        "the chord's final step",
    )
    log = log_path.read_text()
    # The same message twice (not a new one): received by each worker, acknowledged once.
    received = _tasks(log, "dashboards.snapshot_piece", "received")
    assert sorted(received.values()) == [1, 1, 1, 2]
    assert sorted(_tasks(log, "dashboards.snapshot_piece", "succeeded").values()) == [1, 1, 1, 1]
    assert list(_tasks(log, "dashboards.snapshot_night_finish", "received").values()) == [1]
    assert list(_tasks(log, "dashboards.snapshot_night_finish", "succeeded").values()) == [1]
    # Nothing left with the broker that could run again.
    assert (broker.hlen("unacked"), broker.llen(QUEUE)) == (0, 0)
    closed = SnapshotNight.objects.get(pk=night.pk)
    assert (closed.status, closed.finished_at) == ("complete", night.finished_at)
