"""Writing metric snapshots (DESIGN.md section 8). The Celery tasks are thin wrappers.

Snapshots are computed with the many-scopes selectors (a handful of queries per metric and
period, whatever the number of scopes) and written in ONE transaction per run that first
deletes the rows it replaces, so a rerun or a retry gives the same table and a reader never
sees half a run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from dashboards.metrics.abstraction import abstraction_rate_levels
from dashboards.models import MetricSnapshot, RecomputeJob, ScopeType
from dashboards.selectors import METRICS, SNAPSHOT_LEVELS, metrics_for, standard_periods
from teams.models import BCU, Team

# A unit of work: (level, ids) where ids is a list, a queryset of ids, or None for all.
Unit = tuple[str, object]


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
    """Queue a recompute of one scope's snapshots; the task starts once this commits."""
    from dashboards import tasks

    job = RecomputeJob.objects.create(scope_type=level, scope_id=scope_id, requested_by=user)
    transaction.on_commit(lambda: tasks.recompute_scope.delay(job.pk))
    return job


def recompute_run(*, job_id: int, today: dt.date | None = None) -> RecomputeJob:
    """Run a queued recompute: progress is saved after each metric; the snapshots are
    replaced in one transaction at the end. Safe to retry (it starts again from zero)."""
    job = RecomputeJob.objects.get(pk=job_id)
    periods = standard_periods(today or timezone.localdate())
    units = recompute_units(job.scope_type, job.scope_id)
    total = len(_plan(units, periods))
    RecomputeJob.objects.filter(pk=job.pk).update(
        status=RecomputeJob.Status.RUNNING,
        progress=0,
        total=total,
        started_at=timezone.now(),
        message="",
    )

    def progress(done: int, _total: int) -> None:
        RecomputeJob.objects.filter(pk=job.pk).update(progress=done, updated_at=timezone.now())

    try:
        written = snapshots_compute_and_write(units=units, periods=periods, progress=progress)
    except Exception as exc:
        RecomputeJob.objects.filter(pk=job.pk).update(
            status=RecomputeJob.Status.FAILED, message=str(exc)[:500], finished_at=timezone.now()
        )
        raise
    RecomputeJob.objects.filter(pk=job.pk).update(
        status=RecomputeJob.Status.DONE,
        progress=total,
        message=f"{written} figures recomputed.",
        finished_at=timezone.now(),
    )
    job.refresh_from_db()
    return job
