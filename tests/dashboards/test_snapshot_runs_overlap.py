"""Two snapshot runs at once (a second scheduler, a redelivered task, a "recompute now" during
the nightly job) write one after the other: both succeed and the table holds one whole set
(issue 15; DESIGN.md section 8: "Tasks are idempotent ... safe to retry")."""

import datetime as dt
import threading

import psycopg
import pytest
from django.db import connection, connections

from dashboards import services
from dashboards.models import MetricSnapshot

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date(2025, 7, 1)


def _waiting_for_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_two_nightly_runs_at_once_both_succeed_with_one_whole_set(world):
    services.snapshot_nightly(today=TODAY)
    results, errors = [], []

    def run():
        try:
            results.append(services.snapshot_nightly(today=TODAY))
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    # Hold writes to the table (reads go on) so that both runs reach their write together.
    params = connection.get_connection_params()
    with psycopg.connect(
        dbname=params["dbname"], host=params.get("host"), user=params.get("user")
    ) as session:
        session.execute("LOCK TABLE dashboards_metricsnapshot IN EXCLUSIVE MODE")
        threads = [threading.Thread(target=run) for _ in range(2)]
        for thread in threads:
            thread.start()
        deadline = dt.datetime.now() + dt.timedelta(seconds=60)
        while _waiting_for_locks() < 2 and dt.datetime.now() < deadline:
            threading.Event().wait(0.1)
        assert _waiting_for_locks() == 2
        session.rollback()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    # 9 scopes x 18 figures (test_snapshot_jobs.py), written by each run in turn.
    assert results == [162, 162]
    assert MetricSnapshot.objects.count() == 162
    assert MetricSnapshot.objects.values("computed_at").distinct().count() == 1
