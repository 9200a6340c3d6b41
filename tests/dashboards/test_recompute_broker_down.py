""" "Recompute now" with the job queue (Redis) unreachable: the page answers at once that the
job could not be queued, with a "try again"; no 500 and no job left queued (issue 15)."""

import time

import pytest

from dashboards.models import RecomputeJob
from dashboards.services import QUEUE_DOWN_MESSAGE
from npms.celery import app

# Committed for real, as in production: the task is sent when the job row commits.
pytestmark = pytest.mark.django_db(transaction=True)


def _reset_connections() -> None:
    # The app keeps its broker connection pool and result backend once made.
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None


@pytest.fixture
def dead_redis(tmp_path, settings):
    """The Celery app (and the settings) pointed at a Redis socket nobody listens on."""
    dead = f"redis+socket://{tmp_path}/redis.sock"
    saved = (app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager)
    settings.CELERY_BROKER_URL = settings.CELERY_RESULT_BACKEND = dead
    app.conf.broker_url = app.conf.result_backend = dead
    app.conf.task_always_eager = False
    _reset_connections()
    yield
    app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = saved
    _reset_connections()


def test_recompute_with_the_broker_down_fails_at_once_saying_so(client_for, world, dead_redis):
    client = client_for("bcu_commander")
    started = time.monotonic()
    response = client.post(f"/dashboards/bcu/{world.north.id}/recompute/", HTTP_HX_REQUEST="true")
    assert time.monotonic() - started < 10
    assert response.status_code == 200
    page = response.content.decode()
    assert "The recompute failed: The job could not be queued" in page
    assert "Try again" in page and f"/dashboards/bcu/{world.north.id}/recompute/" in page
    assert "hx-trigger" not in page  # nothing to poll
    job = RecomputeJob.objects.get()
    assert (job.status, job.message) == (RecomputeJob.Status.FAILED, QUEUE_DOWN_MESSAGE)
    assert job.finished_at is not None

    # Without htmx: the job's page says the same.
    response = client.post(f"/dashboards/bcu/{world.north.id}/recompute/", follow=True)
    assert response.status_code == 200
    assert "The job could not be queued" in response.content.decode()
    assert RecomputeJob.objects.filter(status=RecomputeJob.Status.QUEUED).count() == 0
    assert RecomputeJob.objects.filter(status=RecomputeJob.Status.FAILED).count() == 2
