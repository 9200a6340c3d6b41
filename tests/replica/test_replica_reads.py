"""DATABASE_REPLICA_URL (issue 14 item 4): dashboard, metric-API and police.uk-API reads come
from a real PostgreSQL streaming replica of the private cluster; writes and every other page
use the primary. While the replica lags, a dashboard shows what the replica has replayed.

The replica is started for this module by ``pg_basebackup -R`` from the private cluster,
under the cluster's var dir, on a socket of its own; it is stopped and removed afterwards.
The tests commit (transaction=True), since a replica only ever sees committed data."""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from npms.replica import REPLICA
from teams.models import Force

# The replica alias is a TEST MIRROR of default: transaction teardown flushes only the primary
# (and the flush replicates).
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])

PGBIN = Path("/usr/lib/postgresql/15/bin")


def as_postgres(*command: str) -> None:
    """initdb, pg_basebackup and pg_ctl refuse root: run them as the postgres user then, as
    scripts/services.sh does for the primary."""
    if os.geteuid() == 0:
        command = ("runuser", "-u", "postgres", "--", *command)
    subprocess.run(command, check=True, capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def replica_dir(django_db_setup, django_db_blocker):
    """A hot standby of the private cluster, streaming from it: {dir}/data, socket {dir}/run."""
    primary = settings.DATABASES["default"]
    base = Path(settings.VAR_DIR) / f"pg-replica-{primary['NAME']}"
    shutil.rmtree(base, ignore_errors=True)
    (base / "run").mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(base / "run", "postgres")
    data = base / "data"
    as_postgres(
        str(PGBIN / "pg_basebackup"),
        "-h",
        str(primary["HOST"]),
        "-U",
        "postgres",
        "-D",
        str(data),
        "-R",  # standby.signal and primary_conninfo: a streaming replica
        "-X",
        "stream",
        "-c",
        "fast",
    )
    log = base / "replica.log"
    # A standby needs at least the primary's values of these (they may be set on the
    # primary's command line, which pg_basebackup does not copy).
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, setting FROM pg_settings WHERE name IN ('max_connections',"
            " 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions',"
            " 'max_locks_per_transaction')"
        )
        same = " ".join(f"-c {name}={value}" for name, value in cursor.fetchall())
    start = (
        str(PGBIN / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(log),
        "-w",
        "-t",
        "120",
        "-o",
        f"-c listen_addresses='' -c unix_socket_directories='{base / 'run'}' -c hot_standby=on "
        + same,
        "start",
    )
    try:
        as_postgres(*start)
    except subprocess.CalledProcessError:
        text = log.read_text() if log.exists() else ""
        shutil.rmtree(base, ignore_errors=True)
        raise AssertionError(f"the replica did not start:\n{text}") from None
    # The replica alias, as DATABASE_REPLICA_URL would add it, pointing at the standby's
    # copy of the test database.
    connections.settings[REPLICA] = {
        **connections["default"].settings_dict,
        "HOST": str(base / "run"),
        "TEST": {"MIRROR": "default"},
    }
    try:
        yield base
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]
        as_postgres(str(PGBIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def replica(replica_dir):
    """The connection to the standby."""
    yield connections[REPLICA]
    connections[REPLICA].close()


def caught_up(replica, timeout: float = 60) -> None:
    """Wait until the replica has replayed everything the primary has written so far (the
    insert position: with asynchronous commit the write position can lag the last commit)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()")
        lsn = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    with replica.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return
            assert time.monotonic() < deadline, "the replica did not catch up"
            time.sleep(0.05)


def force_page(client, world):
    response = client.get(f"/dashboards/force/{world.force.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_replica_is_a_standby(replica):
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True


def test_a_dashboard_reads_the_domain_from_the_replica(replica, client_for, world):
    client = client_for("force_admin")
    caught_up(replica)
    with (
        CaptureQueriesContext(connection) as primary_queries,
        CaptureQueriesContext(replica) as replica_queries,
    ):
        page = force_page(client, world)
    assert "Testshire Police dashboard" in page
    on_replica = " ".join(q["sql"] for q in replica_queries.captured_queries)
    on_primary = " ".join(q["sql"] for q in primary_queries.captured_queries)
    # The force, its BCUs and their figures come from the replica...
    assert '"teams_force"' in on_replica and '"teams_bcu"' in on_replica
    # ...the session and the signed-in user from the primary, and no domain table there.
    assert '"django_session"' in on_primary and '"accounts_user"' in on_primary
    assert '"teams_force"' not in on_primary and '"teams_bcu"' not in on_primary


def test_writes_and_other_pages_use_the_primary(replica, client_for, world):
    client = client_for("force_admin")
    with (
        CaptureQueriesContext(connection) as primary_queries,
        CaptureQueriesContext(replica) as replica_queries,
    ):
        # A POST under /dashboards/ (queue a recompute) and a GET elsewhere in the API.
        client.post(f"/dashboards/force/{world.force.pk}/recompute/")
        assert client.get("/api/v1/priorities/").status_code == 200
    assert replica_queries.captured_queries == []
    assert primary_queries.captured_queries


def test_while_the_replica_lags_the_dashboard_shows_what_it_has_replayed(
    replica, client_for, world
):
    client = client_for("force_admin")
    caught_up(replica)
    with replica.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        Force.objects.filter(pk=world.force.pk).update(name="Renamed Police")
        # The primary has the new name at once; the paused replica still serves the old one.
        assert Force.objects.get(pk=world.force.pk).name == "Renamed Police"
        page = force_page(client, world)
        assert "Testshire Police dashboard" in page
        assert "Renamed Police" not in page
    finally:
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    caught_up(replica)
    assert "Renamed Police dashboard" in force_page(client, world)
