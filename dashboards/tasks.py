"""Celery tasks (DESIGN.md section 8): thin wrappers over dashboards.services and reminders.

All are idempotent (a rerun replaces its snapshots, or skips the reminders already sent) and
safe to retry: a lost database connection is retried with back-off; acks are late (settings),
so a worker lost mid-run hands the task to another (at once if a pool process died, after the
broker's visibility timeout if the whole worker did).
"""

import datetime as dt

from celery import shared_task
from django.db import OperationalError

from dashboards import reminders, services

RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 3}


@shared_task(name="dashboards.snapshot_nightly", **RETRY)
def snapshot_nightly(today: str | None = None) -> int:
    """Snapshot every metric for every team, BCU and force (scheduled nightly by beat)."""
    return services.snapshot_nightly(today=dt.date.fromisoformat(today) if today else None)


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
