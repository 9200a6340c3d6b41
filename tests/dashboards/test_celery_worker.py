"""The snapshot jobs through a REAL Celery worker on the private Redis.

Each run consumes a queue of its own (a fresh uuid), so parallel test runs by other checkouts
on the same Redis cannot take each other's tasks.
"""

import datetime as dt
import time
import uuid
from decimal import Decimal

import pytest
from celery.contrib.testing.worker import start_worker

from dashboards import services, tasks
from dashboards.models import MetricSnapshot, RecomputeJob
from npms.celery import app
from tests import factories as f
from tests.dashboards.conftest import routes_set

TODAY = dt.date(2025, 7, 1)


@pytest.fixture
def worker_queue():
    queue = f"npms-test-{uuid.uuid4().hex}"
    saved = (app.conf.task_always_eager, app.conf.task_routes)
    app.conf.task_always_eager = False
    routes_set({"dashboards.*": {"queue": queue}})
    try:
        with start_worker(
            app, queues=[queue], pool="solo", perform_ping_check=False, shutdown_timeout=30
        ):
            yield queue
    finally:
        app.conf.task_always_eager = saved[0]
        routes_set(saved[1])


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_jobs_run_on_a_real_worker(world, personas, worker_queue):
    member = f.PostingFactory(team=world.alpha).member
    f.DutyRecordFactory(
        member=member,
        team=world.alpha,
        date=dt.date(2025, 6, 30),
        hours=Decimal("4"),
        activity="other_duty",
    )
    # Nightly job: 9 scopes x 18 figures (see test_snapshot_jobs); run twice, same table.
    assert tasks.snapshot_nightly.delay(TODAY.isoformat()).get(timeout=120) == 162
    assert tasks.snapshot_nightly.delay(TODAY.isoformat()).get(timeout=120) == 162
    assert MetricSnapshot.objects.count() == 162
    snap = MetricSnapshot.objects.get(
        metric="abstraction",
        scope_type="team",
        scope_id=world.alpha.id,
        start=dt.date(2025, 6, 30),
        end=dt.date(2025, 6, 30),
    )
    assert snap.value["rate"] == 1.0  # 4 h other duty, nothing else

    # Recompute now, as the dashboard starts it (autocommit: queued at once); poll progress.
    job = services.recompute_start(
        level="team", scope_id=world.alpha.id, user=personas["bcu_commander"]
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.finished:
            break
        time.sleep(0.2)
    assert job.status == RecomputeJob.Status.DONE, job.message
    assert job.progress == job.total > 0
