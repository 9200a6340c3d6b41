"""A real Celery worker for the integration tests (``celery_worker`` marker): a separate
``celery worker`` process on the private Redis, against this test database, consuming queues
of the test's own (fresh uuids), so parallel runs by other checkouts on the same Redis cannot
take each other's tasks. Used by the recompute and nightly-snapshot worker tests."""

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings as django_settings
from django.db import connection

from npms.celery import app
from tests import factories as f

ROOT = Path(__file__).resolve().parent.parent.parent


def routes_set(routes) -> None:
    app.conf.task_routes = routes
    app.amqp.flush_routes()
    # The router is built once and keeps the routes it was built with.
    app.amqp.__dict__.pop("router", None)


def queue_forget(name: str) -> None:
    """Remove the queue and any message a killed worker left unacknowledged on it."""
    client = redis.Redis(unix_socket_path=str(django_settings.SOCKET_DIR / "redis.sock"))
    client.delete(name, f"_kombu.binding.{name}")
    for tag, value in client.hgetall("unacked").items():
        if json.loads(value)[-1] == name:  # [message, exchange, routing key]
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


def wait_for(condition, what: str, timeout: float = 90):
    """Poll ``condition`` until it returns something true (returned), or fail after
    ``timeout`` seconds (a safety net, not an assertion about speed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def new_queue():
    """``new_queue()`` names a fresh queue, removed from Redis at teardown."""
    made = []

    def _new() -> str:
        made.append(f"npms-test-{uuid.uuid4().hex}")
        return made[-1]

    yield _new
    for name in made:
        queue_forget(name)


@pytest.fixture
def queue(new_queue):
    """A queue of this test's own; the test process sends the dashboards tasks to it."""
    name = new_queue()
    saved = (app.conf.task_always_eager, app.conf.task_routes)
    app.conf.task_always_eager = False
    routes_set({"dashboards.*": {"queue": name}})
    try:
        yield name
    finally:
        app.conf.task_always_eager = saved[0]
        routes_set(saved[1])


@pytest.fixture
def start_worker(queue, tmp_path):
    """``start_worker(pool, concurrency=1, queues=[queue], env={})`` starts ``celery worker``
    (``env``: settings of its own, e.g. ``CELERY_BROKER_URL``; log in
    ``tmp_path / "worker.log"``) in a session and process group of its own (its pid is the
    group's id, so a test can kill the worker with its pool processes, and a signal to the
    test's terminal does not reach it); the group is killed at teardown. Not eager: tasks it
    sends (a retry, a chord's final step) go through the broker."""
    started = []

    def _start(
        pool: str,
        *,
        concurrency: int = 1,
        queues: list[str] | None = None,
        env: dict[str, str] | None = None,
    ) -> subprocess.Popen:
        environ = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="npms.settings.test",
            NPMS_DB_NAME=connection.settings_dict["NAME"],
            CELERY_TASK_ALWAYS_EAGER="false",
            **(env or {}),
        )
        names = ",".join(queues or [queue])
        args = [sys.executable, "-m", "celery", "-A", "npms", "worker", "-Q", names, "-P", pool]
        args += ["--concurrency", str(concurrency), "--without-gossip", "--without-mingle"]
        args += ["-n", f"{queue}@%h", "-l", "info", "--logfile", str(tmp_path / "worker.log")]
        worker = subprocess.Popen(args, cwd=ROOT, env=environ, start_new_session=True)
        started.append(worker)
        return worker

    yield _start
    for worker in started:
        try:
            os.killpg(worker.pid, signal.SIGKILL)  # the pool processes too
        except ProcessLookupError:
            pass
        worker.wait(timeout=30)


@dataclass
class PrivateRedis:
    url: str  # for CELERY_BROKER_URL (broker and result backend)
    client: redis.Redis


@pytest.fixture
def private_redis():
    """A ``redis-server`` of the test's own (the binary scripts/services.sh runs), on a unix
    socket in a fresh directory, no persistence; stopped and removed at teardown. For a test
    whose workers must not touch the shared Redis (a short visibility timeout there would hand
    other runs' unacknowledged tasks around)."""
    # A short path: a unix socket's path is limited to about 100 bytes.
    directory = Path(tempfile.mkdtemp(prefix="npms-redis-"))
    socket = directory / "redis.sock"
    server = subprocess.Popen(
        ["redis-server", "--port", "0", "--unixsocket", str(socket), "--unixsocketperm", "700"]
        + ["--dir", str(directory), "--save", "", "--appendonly", "no", "--loglevel", "warning"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(unix_socket_path=str(socket))

    def _up() -> bool:
        try:
            return socket.exists() and client.ping()
        except redis.ConnectionError:
            return False

    try:
        wait_for(_up, "the private redis-server", timeout=30)
        yield PrivateRedis(url=f"redis+socket://{socket}", client=client)
    finally:
        client.close()
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(directory, ignore_errors=True)


# --- holding a worker at a known point (the worker tests) ------------------------------------


@contextmanager
def table_locked(table: str, mode: str = "ACCESS EXCLUSIVE"):
    """Hold ``LOCK TABLE table IN mode MODE`` in a session of its own until the block ends: a
    worker's query on that table waits there (no mock: the real lock)."""
    params = connection.get_connection_params()
    with psycopg.connect(
        dbname=params["dbname"], host=params.get("host"), user=params.get("user")
    ) as session:
        session.execute(f"LOCK TABLE {table} IN {mode} MODE")
        yield
        session.rollback()


def waiting_for_lock(table: str | None = None) -> list[int]:
    """The other sessions of this database waiting for a lock (on ``table``, when given)."""
    with connection.cursor() as cursor:
        if table is None:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
            )
        else:
            cursor.execute(
                "SELECT DISTINCT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                "WHERE NOT l.granted AND c.relname = %s AND l.pid <> pg_backend_pid() "
                "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                [table],
            )
        return [row[0] for row in cursor.fetchall()]


def abstraction_rates() -> dict:
    """{(scope type, scope id): [rate, ...]}: each scope's abstraction rates in its snapshots
    (the night's periods)."""
    from dashboards.models import MetricSnapshot

    rates: dict = {}
    for scope_type, scope_id, value in MetricSnapshot.objects.filter(
        metric="abstraction"
    ).values_list("scope_type", "scope_id", "value"):
        rates.setdefault((scope_type, scope_id), []).append(value["rate"])
    return rates


# --- a large force's night in groups of BCUs (test_snapshot_night_bcu_groups*.py) ----------


@pytest.fixture
def west(world, settings):
    """Testshire's third BCU, West (Delta NPT), with SNAPSHOT_SPLIT_TEAMS = 3: North 2 teams,
    South 1, West 1, so the night's pieces are North, then South and West together, and the
    force row. Duty time on 30 June 2025 (in every period of the night of 1 July): Alpha 6 h
    patrol and 2 h response cover (abstracted 2 of 8 h: 0.25); Charlie 2 h patrol and 2 h
    custody cover (2 of 4: 0.5); Delta 4 h patrol (0 of 4: 0). Returns West, with ``delta``."""
    settings.SNAPSHOT_SPLIT_TEAMS = 3
    west = f.BCUFactory(force=world.force, code="W", name="West")
    delta = f.TeamFactory(bcu=west, name="Delta NPT")
    for team, hours, activity in [
        (world.alpha, "6", "patrol"),
        (world.alpha, "2", "response_cover"),
        (world.charlie, "2", "patrol"),
        (world.charlie, "2", "custody_cover"),
        (delta, "4", "patrol"),
    ]:
        f.posted_duty(team, date=dt.date(2025, 6, 30), hours=hours, activity=activity)
    west.delta = delta
    return west
