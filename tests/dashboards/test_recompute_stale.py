"""A "recompute now" that stops changing (its worker was lost, or none runs) is marked failed
after RECOMPUTE_STALE_SECONDS, when its page polls and by the beat task; a late delivery of
its task then changes nothing, and the page offers to try again (issue 15)."""

import datetime as dt

import pytest
from django.utils import timezone

from dashboards import services, tasks
from dashboards.models import MetricSnapshot, RecomputeJob

pytestmark = pytest.mark.django_db

Status = RecomputeJob.Status


def _job(world, status, idle_seconds, **fields) -> RecomputeJob:
    job = RecomputeJob.objects.create(
        scope_type="team", scope_id=world.alpha.id, status=status, **fields
    )
    idle_since = timezone.now() - dt.timedelta(seconds=idle_seconds)
    RecomputeJob.objects.filter(pk=job.pk).update(updated_at=idle_since)
    return job


def test_the_beat_task_fails_stale_jobs_only(world, settings):
    settings.RECOMPUTE_STALE_SECONDS = 600
    lost = _job(world, Status.RUNNING, 601, progress=3, total=30)
    never_started = _job(world, Status.QUEUED, 900)
    busy = _job(world, Status.RUNNING, 590, progress=3, total=30)
    waiting = _job(world, Status.QUEUED, 10)
    done = _job(world, Status.DONE, 7200, message="108 figures recomputed.")

    assert tasks.recompute_jobs_fail_stale.delay().get() == 2

    lost.refresh_from_db()
    assert lost.status == Status.FAILED
    assert lost.message == (
        "No progress for 10 minutes: the job was lost (its worker stopped). The figures shown "
        "are unchanged; try again."
    )
    assert lost.finished_at is not None
    never_started.refresh_from_db()
    assert never_started.status == Status.FAILED
    assert never_started.message.startswith("Not started within 10 minutes: no worker")
    statuses = RecomputeJob.objects.filter(pk__in=[busy.pk, waiting.pk, done.pk])
    assert sorted(statuses.values_list("status", flat=True)) == ["done", "queued", "running"]
    # Nothing left to mark.
    assert services.recompute_jobs_fail_stale() == 0


def test_polling_a_lost_job_marks_it_failed_and_offers_to_try_again(
    client_for, world, settings, django_capture_on_commit_callbacks
):
    settings.RECOMPUTE_STALE_SECONDS = 600
    client = client_for("sergeant")
    fresh = _job(world, Status.RUNNING, 30, progress=3, total=30)
    page = client.get(f"/dashboards/jobs/{fresh.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "Recomputing: 10% (3 of 30)" in page and "hx-trigger" in page

    lost = _job(world, Status.RUNNING, 601, progress=3, total=30)
    page = client.get(f"/dashboards/jobs/{lost.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "The recompute failed: No progress for 10 minutes" in page
    assert "hx-trigger" not in page
    retry = f"/dashboards/team/{world.alpha.id}/recompute/"
    assert f'hx-post="{retry}"' in page and "Try again" in page
    lost.refresh_from_db()
    assert lost.status == Status.FAILED

    # "Try again" starts a new job (eager here), which finishes.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    again = RecomputeJob.objects.exclude(pk__in=[fresh.pk, lost.pk]).get()
    assert again.status == Status.DONE


def test_a_late_delivery_of_a_failed_job_changes_nothing(world, settings):
    lost = _job(world, Status.FAILED, 700, progress=3, total=30, message="No progress ...")
    assert tasks.recompute_scope.delay(lost.pk).get() == "failed"
    lost.refresh_from_db()
    assert (lost.status, lost.progress, lost.message) == (Status.FAILED, 3, "No progress ...")
    assert MetricSnapshot.objects.count() == 0


def test_a_redelivered_running_job_starts_again_and_finishes(world):
    # Its first worker died mid-job; the broker hands the task to another.
    lost = _job(world, Status.RUNNING, 5, progress=3, total=30)
    assert tasks.recompute_scope.delay(lost.pk).get() == "done"
    lost.refresh_from_db()
    assert lost.status == Status.DONE and lost.progress == lost.total
    assert MetricSnapshot.objects.filter(scope_type="team", scope_id=world.alpha.id).exists()
