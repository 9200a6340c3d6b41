"""Celery tasks (DESIGN.md section 8): thin wrappers over dashboards.services and reminders.

All are idempotent (a rerun replaces its snapshots, or skips the reminders already sent) and
safe to retry: a lost database connection is retried with back-off; acks are late (settings),
so a worker lost mid-run hands the task to another.
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


@shared_task(name="dashboards.recompute_scope", **RETRY)
def recompute_scope(job_id: int) -> str:
    """Run one dashboard's "recompute now" job."""
    return services.recompute_run(job_id=job_id).status


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
