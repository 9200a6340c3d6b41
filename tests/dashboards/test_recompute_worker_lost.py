"""A "recompute now" whose worker is killed (SIGKILL) mid-job ends done or failed, never stuck,
and the snapshots stay whole: the previous set untouched, or the new one complete (issue 15).

The worker is a separate ``celery worker`` process on the private Redis, consuming a queue of
its own, against this test database. To stop it at a known point the test holds a table lock
the job needs: the job blocks there (its progress so far saved), the test kills the worker,
then lets go of the lock.
"""

import datetime as dt
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.utils import timezone

from dashboards import services
from dashboards.models import MetricSnapshot, RecomputeJob
from tests.dashboards.conftest import table_locked, waiting_for_lock
from tests.dashboards.conftest import wait_for as _wait

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _job(job_id: int) -> RecomputeJob:
    return RecomputeJob.objects.get(pk=job_id)


def _alpha_snapshots(world) -> list[tuple]:
    return sorted(
        MetricSnapshot.objects.filter(scope_type="team", scope_id=world.alpha.id).values_list(
            "id", "metric", "start", "end", "computed_at"
        )
    )


def _pool_child(worker: subprocess.Popen) -> int:
    path = Path(f"/proc/{worker.pid}/task/{worker.pid}/children")
    children = _wait(lambda: path.read_text().split(), "the pool process")
    return int(children[0])


def test_a_pool_process_killed_mid_job_is_requeued_and_the_job_finishes(
    world, personas, start_worker
):
    services.snapshot_nightly(today=timezone.localdate())
    before = _alpha_snapshots(world)
    worker = start_worker("prefork")
    # Priority ageing, the 4th metric, waits for this lock: abstraction, supervision and
    # staffing are done by then.
    with table_locked("priorities_priority", "ACCESS EXCLUSIVE"):
        job = services.recompute_start(
            level="team", scope_id=world.alpha.id, user=personas["bcu_commander"]
        )
        _wait(lambda: len(waiting_for_lock()) == 1, "the job to reach the locked table")
        running = _job(job.pk)
        assert running.status == RecomputeJob.Status.RUNNING
        assert 0 < running.progress < running.total
        os.kill(_pool_child(worker), signal.SIGKILL)
        # The worker notices its pool process died and hands the task back to the broker
        # (task_reject_on_worker_lost); a new pool process starts it again from zero and waits
        # at the same lock.
        _wait(lambda: len(waiting_for_lock()) == 2, "the job to be started again")
    done = _wait(lambda: _job(job.pk) if _job(job.pk).finished else None, "the job to finish")
    assert done.status == RecomputeJob.Status.DONE, done.message
    assert done.progress == done.total
    # The new set is whole: the same figures as before (in any order of insertion), every one
    # from this job.
    after = _alpha_snapshots(world)
    assert sorted(row[1:4] for row in after) == sorted(row[1:4] for row in before)
    assert {row[4] for row in after} == {after[0][4]}
    assert after[0][4] > before[0][4]
    assert worker.poll() is None  # the worker itself lives on


def test_a_worker_killed_while_writing_leaves_the_old_snapshots_and_a_failed_job(
    world, personas, start_worker, client, settings
):
    settings.RECOMPUTE_STALE_SECONDS = 3
    services.snapshot_nightly(today=timezone.localdate())
    before = _alpha_snapshots(world)
    count_before = MetricSnapshot.objects.count()
    worker = start_worker("solo")  # the job runs in the worker process itself
    # Reads go on; the job's write (DELETE the rows it replaces) waits.
    with table_locked("dashboards_metricsnapshot", "EXCLUSIVE"):
        job = services.recompute_start(
            level="team", scope_id=world.alpha.id, user=personas["bcu_commander"]
        )
        # The write begins once the one pass is done; the other metrics go on meanwhile on the
        # job's second connection (issue 14): wait for them too.
        _wait(
            lambda: len(waiting_for_lock()) == 1 and _job(job.pk).progress == _job(job.pk).total,
            "the job to reach its write with every figure computed",
        )
        writing = _job(job.pk)
        assert writing.status == RecomputeJob.Status.RUNNING
        assert writing.progress == writing.total > 0
        worker.kill()  # SIGKILL
        assert worker.wait(timeout=30) == -signal.SIGKILL
    # The killed worker's half-done write is rolled back by PostgreSQL.
    assert _alpha_snapshots(world) == before
    assert MetricSnapshot.objects.count() == count_before

    # Nothing more happens to the job; once it has made no progress for the stale time its
    # page (polled every second) says it failed and offers to try again.
    client.force_login(personas["bcu_commander"])
    time.sleep(max(0.0, (writing.updated_at - timezone.now()).total_seconds() + 3.5))
    page = client.get(f"/dashboards/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    failed = _job(job.pk)
    assert failed.status == RecomputeJob.Status.FAILED
    assert failed.message.startswith("No progress for 3 seconds: the job was lost")
    assert "The recompute failed: No progress for 3 seconds" in page
    assert "Try again" in page and f"/dashboards/team/{world.alpha.id}/recompute/" in page
    assert "hx-trigger" not in page  # stops polling
    assert failed.finished_at - writing.updated_at >= dt.timedelta(seconds=3)
