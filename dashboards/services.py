"""Writing metric snapshots (DESIGN.md section 8). The Celery tasks are thin wrappers.

Snapshots are computed with the many-scopes selectors (a handful of queries per metric and
period, whatever the number of scopes) and written in ONE transaction per run that first
deletes the rows it replaces, so a rerun or a retry gives the same table and a reader never
sees half a run. Runs that overlap (a second scheduler, a redelivered task, a "recompute now"
during the nightly job) write one after the other (an advisory lock), never into each other.

"Recompute now" jobs never stay queued or running for good (issue 15): a job that cannot be
queued (the broker, Redis, is unreachable) fails at once saying so; a job with no progress for
``RECOMPUTE_STALE_SECONDS`` (its worker was lost, or none runs) is marked failed when its page
polls and by a beat task; the page then offers to try again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import kombu.exceptions
import redis.exceptions
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from dashboards.metrics.abstraction import abstraction_rate_levels
from dashboards.models import MetricSnapshot, RecomputeJob, ScopeType
from dashboards.selectors import METRICS, SNAPSHOT_LEVELS, metrics_for, standard_periods
from teams.models import BCU, Team

logger = logging.getLogger(__name__)

# A unit of work: (level, ids) where ids is a list, a queryset of ids, or None for all.
Unit = tuple[str, object]

# pg_advisory_xact_lock key serialising the snapshot writes ("NPMS" in ASCII, then 1). Advisory
# locks are per database, so test databases side by side do not wait for each other.
SNAPSHOT_WRITE_LOCK = 0x4E504D53_01

# What cannot be sent to the broker: Celery raises kombu's OperationalError once its publish
# retries are spent; redis-py's own errors may come through on the connection set-up.
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)
QUEUE_DOWN_MESSAGE = (
    "The job could not be queued: the job queue (Redis) is not reachable. The figures shown "
    "are unchanged; try again in a few minutes."
)


def _plan(units: list[Unit], periods: dict[str, tuple[dt.date, dt.date]]) -> list[tuple]:
    """The (level, ids, metric, start, end) computations for ``units`` over ``periods``.
    Point metrics are taken as of each period's end, once per distinct day."""
    steps, seen = [], set()
    for level, ids in units:
        for name in metrics_for(level):
            for start, end in periods.values():
                key = (level, name, start if METRICS[name].period else end, end)
                if key in seen:
                    continue
                seen.add(key)
                steps.append((level, ids, name, key[2], end))
    return steps


def snapshots_compute_and_write(
    *,
    units: list[Unit],
    periods: dict[str, tuple[dt.date, dt.date]],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Compute every metric for ``units`` over ``periods`` and replace their snapshots in one
    transaction. Returns the number of rows written. ``progress(done, total)`` is called after
    each computation (outside the write transaction, so a poller sees it)."""
    steps = _plan(units, periods)
    computed_at = timezone.now()
    rows: list[MetricSnapshot] = []
    replaced: list[tuple] = []
    rolled_up = _abstraction_rolled_up(steps)
    for i, (level, ids, name, start, end) in enumerate(steps, 1):
        values = rolled_up.pop((level, start, end), None) if name == "abstraction" else None
        if values is None:
            values = METRICS[name].compute(level=level, ids=ids, scopes=None, start=start, end=end)
        replaced.append((level, ids, name, start, end))
        rows.extend(
            MetricSnapshot(
                metric=name,
                scope_type=level,
                scope_id=scope_id,
                start=start,
                end=end,
                value=_jsonable(value),
                computed_at=computed_at,
            )
            for scope_id, value in values.items()
        )
        if progress:
            progress(i, len(steps))
    with transaction.atomic():
        # Wait for any other run's write to commit, then replace what it wrote: without this, a
        # second run's DELETE misses the rows the first is inserting and its INSERT collides.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SNAPSHOT_WRITE_LOCK])
        for level, ids, name, start, end in replaced:
            old = MetricSnapshot.objects.filter(metric=name, scope_type=level, start=start, end=end)
            if ids is not None:
                old = old.filter(scope_id__in=ids)
            old.delete()
        MetricSnapshot.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _abstraction_rolled_up(steps: list[tuple]) -> dict[tuple, dict]:
    """{(level, start, end): figures} of the abstraction metric for every whole level (ids None)
    of team, BCU and force in ``steps``: per period ONE scan of the duty rows grouped by team,
    added up to BCUs and forces, instead of one scan per level (measured by ``manage.py
    bench``). Other steps (a recompute's listed ids, members) are computed one by one."""
    wanted: dict[tuple, list[str]] = {}
    for level, ids, name, start, end in steps:
        if name == "abstraction" and ids is None and level in ("team", "bcu", "force"):
            wanted.setdefault((start, end), []).append(level)
    out = {}
    for (start, end), levels in wanted.items():
        if len(levels) < 2:
            continue
        found = abstraction_rate_levels(levels=levels, start=start, end=end)
        for level, values in found.items():
            out[(level, start, end)] = values
    return out


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def snapshot_nightly(*, today: dt.date | None = None) -> int:
    """Snapshot every metric for every team, BCU and force for yesterday, the last 28 days
    and the last quarter (selectors.standard_periods). Idempotent; one transaction."""
    periods = standard_periods(today or timezone.localdate())
    return snapshots_compute_and_write(
        units=[(level, None) for level in SNAPSHOT_LEVELS], periods=periods
    )


def recompute_units(level: str, scope_id: int) -> list[Unit]:
    """What a dashboard's "recompute now" refreshes: the scope and the rows of its table."""
    if level == ScopeType.FORCE:
        return [
            ("force", [scope_id]),
            ("bcu", list(BCU.objects.filter(force_id=scope_id).values_list("id", flat=True))),
        ]
    if level == ScopeType.BCU:
        return [
            ("bcu", [scope_id]),
            ("team", list(Team.objects.filter(bcu_id=scope_id).values_list("id", flat=True))),
        ]
    return [("team", [scope_id])]


def recompute_start(*, level: str, scope_id: int, user=None) -> RecomputeJob:
    """Queue a recompute of one scope's snapshots; the task is sent once this commits. If it
    cannot be sent (the broker is unreachable) the job is failed at once with a message saying
    so, in the database and on the returned object, instead of being left queued."""
    job = RecomputeJob.objects.create(scope_type=level, scope_id=scope_id, requested_by=user)
    transaction.on_commit(lambda: _recompute_send(job))
    return job


def _recompute_send(job: RecomputeJob) -> None:
    from dashboards import tasks

    try:
        result = tasks.recompute_scope.delay(job.pk)
    except BROKER_ERRORS:
        logger.exception("Recompute job %s could not be queued", job.pk)
        now = timezone.now()
        RecomputeJob.objects.filter(pk=job.pk, status=RecomputeJob.Status.QUEUED).update(
            status=RecomputeJob.Status.FAILED,
            message=QUEUE_DOWN_MESSAGE,
            finished_at=now,
            updated_at=now,
        )
        job.status, job.message, job.finished_at = (
            RecomputeJob.Status.FAILED,
            QUEUE_DOWN_MESSAGE,
            now,
        )
        return
    RecomputeJob.objects.filter(pk=job.pk).update(task_id=result.id or "")


def recompute_run(*, job_id: int, today: dt.date | None = None) -> RecomputeJob:
    """Run a queued recompute: progress is saved after each metric; the snapshots are
    replaced in one transaction at the end. A job already finished (marked failed as stale,
    then delivered late) is left as it is; a running one (its worker was lost and the broker
    handed the task on) starts again from zero. Failures are recorded on the job."""
    job = RecomputeJob.objects.get(pk=job_id)
    periods = standard_periods(today or timezone.localdate())
    units = recompute_units(job.scope_type, job.scope_id)
    total = len(_plan(units, periods))
    now = timezone.now()
    claimed = RecomputeJob.objects.filter(
        pk=job.pk, status__in=[RecomputeJob.Status.QUEUED, RecomputeJob.Status.RUNNING]
    ).update(
        status=RecomputeJob.Status.RUNNING,
        progress=0,
        total=total,
        started_at=now,
        updated_at=now,
        message="",
    )
    if not claimed:
        job.refresh_from_db()
        return job

    def progress(done: int, _total: int) -> None:
        RecomputeJob.objects.filter(pk=job.pk).update(progress=done, updated_at=timezone.now())

    try:
        written = snapshots_compute_and_write(units=units, periods=periods, progress=progress)
    except Exception as exc:
        now = timezone.now()
        RecomputeJob.objects.filter(pk=job.pk).update(
            status=RecomputeJob.Status.FAILED,
            message=(str(exc) or exc.__class__.__name__)[:500],
            finished_at=now,
            updated_at=now,
        )
        raise
    now = timezone.now()
    RecomputeJob.objects.filter(pk=job.pk).update(
        status=RecomputeJob.Status.DONE,
        progress=total,
        message=f"{written} figures recomputed.",
        finished_at=now,
        updated_at=now,
    )
    job.refresh_from_db()
    return job


def recompute_jobs_fail_stale(
    *, now: dt.datetime | None = None, job_ids: list[int] | None = None
) -> int:
    """Mark failed, with a message saying why, every queued or running recompute (of
    ``job_ids``, or all) that has not changed for ``RECOMPUTE_STALE_SECONDS``: its worker was
    lost mid-job, or no worker is taking jobs. Returns how many were marked."""
    now = now or timezone.now()
    seconds = settings.RECOMPUTE_STALE_SECONDS
    stale = RecomputeJob.objects.filter(updated_at__lt=now - dt.timedelta(seconds=seconds))
    if job_ids is not None:
        stale = stale.filter(pk__in=job_ids)
    minutes = f"{seconds // 60} minutes" if seconds >= 120 else f"{seconds} seconds"
    messages = {
        RecomputeJob.Status.RUNNING: f"No progress for {minutes}: the job was lost (its worker "
        "stopped). The figures shown are unchanged; try again.",
        RecomputeJob.Status.QUEUED: f"Not started within {minutes}: no worker is taking jobs. "
        "The figures shown are unchanged; try again, and tell your administrator if it happens "
        "again.",
    }
    marked = 0
    for status, message in messages.items():
        marked += stale.filter(status=status).update(
            status=RecomputeJob.Status.FAILED, message=message, finished_at=now, updated_at=now
        )
    return marked
