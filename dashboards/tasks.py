"""Celery tasks (DESIGN.md section 8): thin wrappers over dashboards.services and reminders.

All are idempotent (a rerun replaces its snapshots, or skips the reminders already sent) and
safe to retry: a lost database connection is retried with back-off; acks are late (settings),
so a worker lost mid-run hands the task to another (at once if a pool process died, after the
broker's visibility timeout if the whole worker did).
"""

import datetime as dt
import logging
import os

from celery import shared_task
from django.db import OperationalError

from dashboards import reminders, services
from dashboards.models import SnapshotPiece

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 3}

logger = logging.getLogger(__name__)


@shared_task(name="dashboards.snapshot_nightly", **RETRY)
def snapshot_nightly(today: str | None = None) -> int:
    """Snapshot every metric for every team, BCU and force in one task and one transaction
    (the single-process form; beat runs the fan-out, ``snapshot_night_fanout``)."""
    return services.snapshot_nightly(today=dt.date.fromisoformat(today) if today else None)


@shared_task(name="dashboards.snapshot_night_fanout", bind=True, ignore_result=True, **RETRY)
def snapshot_night_fanout(self, today: str | None = None) -> int:
    """The nightly snapshot job (scheduled by beat): plan a night and send it as a chord of one
    ``snapshot_piece`` per force (per BCU of a large force) on each force's queue, then
    ``snapshot_night_finish``. Returns the night's id (dashboards.SnapshotNight). A redelivery
    of this task (its worker lost) returns the same night (``snapshot_night_start``)."""
    night = services.snapshot_night_start(
        today=dt.date.fromisoformat(today) if today else None, task_id=self.request.id or ""
    )
    return night.pk


@shared_task(name="dashboards.snapshot_piece", bind=True, max_retries=3)
def snapshot_piece(self, piece_id: int) -> str:
    """One piece of a night. Never fails the chord: an error is recorded on the piece (the
    night ends partial naming it); a lost database connection is retried with back-off first.
    Returns the piece's status."""
    delivery = self.request.delivery_info or {}
    ran_on = (
        f"{self.request.hostname or 'eager'} pid={os.getpid()} "
        f"queue={delivery.get('routing_key') or '-'}"
    )
    retry_on = (OperationalError,) if self.request.retries < self.max_retries else ()
    try:
        piece = services.snapshot_piece_run(piece_id=piece_id, ran_on=ran_on, retry_on=retry_on)
    except OperationalError as exc:
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc
    except SnapshotPiece.DoesNotExist:
        # Its force was deleted (merged away) after the message was sent: nothing to compute,
        # and the night closes without it (snapshot_night_close counts the pieces left).
        logger.warning("Snapshot piece %s is gone (its force was deleted); skipped", piece_id)
        return "gone"
    return piece.status


@shared_task(name="dashboards.snapshot_night_finish")
def snapshot_night_finish(night_id: int) -> str:
    """The chord's final step: record the night complete, partial or failed."""
    return services.snapshot_night_close(night_id=night_id).status


@shared_task(name="dashboards.snapshot_nights_fail_stale", ignore_result=True)
def snapshot_nights_fail_stale() -> int:
    """Fail the pieces lost with their worker and close their nights (scheduled by beat)."""
    return services.snapshot_nights_fail_stale()


# The job's row is its result (the page polls it): no result in Redis, so queueing it needs the
# broker only, and fails at once when that is down.
@shared_task(name="dashboards.recompute_scope", ignore_result=True)
def recompute_scope(job_id: int) -> str:
    """Run one dashboard's "recompute now" job. Not retried on an error: the job is marked
    failed with the error and its page offers to try again."""
    return services.recompute_run(job_id=job_id).status


@shared_task(name="dashboards.recompute_jobs_fail_stale", ignore_result=True)
def recompute_jobs_fail_stale() -> int:
    """Mark failed the recompute jobs with no progress for RECOMPUTE_STALE_SECONDS (scheduled
    every minute by beat), so a lost job says so even if nobody is watching its page."""
    return services.recompute_jobs_fail_stale()


@shared_task(name="dashboards.send_reminders", **RETRY)
def send_reminders(today: str | None = None) -> dict:
    """Email each team's sergeants today's reminders (scheduled nightly by beat); at most once
    per team and day, so a rerun or a retry sends nothing twice."""
    result = reminders.reminders_send(today=dt.date.fromisoformat(today) if today else None)
    return {
        "sent": len(result.sent),
        "already_sent": len(result.already_sent),
        "no_recipients": len(result.no_recipients),
    }
