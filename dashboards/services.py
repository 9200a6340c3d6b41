"""Writing metric snapshots (DESIGN.md section 8). The Celery tasks are thin wrappers.

Snapshots are computed set-based (issue 14): ONE pass over the duty rows gives the abstraction
figures of every team, BCU and force for every period and the weekly figures of their 12-week
trends; every other metric is computed once per period (or as-of day) at its finest level (per
neighbourhood or team) and added up into every level (``dashboards.metrics.levels``), the
trends' ageing from the same read of the priorities; the two halves run side by side on two
connections outside a transaction. They are written in ONE transaction per run that first
deletes the rows it replaces (one DELETE per table) and then inserts the new ones (three
INSERTs, each from one JSON document; the one pass's figures and the trends while the
other half still computes), so a rerun or a retry gives the same table and a reader never
sees half a run. The trends are stored in ``TrendSnapshot`` so the dashboards read them
instead of computing them on every view. Runs that overlap (a second scheduler, a redelivered
task, a "recompute now" during the nightly job) write one after the other (an advisory lock),
never into each other.

"Recompute now" jobs never stay queued or running for good (issue 15): a job that cannot be
queued (the broker, Redis, is unreachable) fails at once saying so; a job with no progress for
``RECOMPUTE_STALE_SECONDS`` (its worker was lost, or none runs) is marked failed when its page
polls and by a beat task; the page then offers to try again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import kombu.exceptions
import orjson
import redis.exceptions
from django.conf import settings
from django.db import close_old_connections, connection, connections, transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from dashboards.metrics.abstraction import abstraction_one_pass
from dashboards.metrics.common import scope_policies
from dashboards.metrics.levels import LEVELS_METRICS, metrics_levels
from dashboards.metrics.rollup import ROLLUP_LEVELS
from dashboards.models import (
    MetricSnapshot,
    RecomputeJob,
    ScopeType,
    SnapshotNight,
    SnapshotPiece,
    SnapshotPieceBCU,
    TrendSnapshot,
)
from dashboards.selectors import (
    METRICS,
    SNAPSHOT_LEVELS,
    TREND_WEEKS,
    metrics_for,
    standard_periods,
    trend_days,
    trend_stored,
)
from npms.collector import collector_paused
from teams.models import BCU, Force, Team

logger = logging.getLogger(__name__)

# A unit of work: (level, ids) where ids is a list, a queryset of ids, or None for all.
Unit = tuple[str, object]

# pg_advisory_xact_lock key serialising the snapshot writes ("NPMS" in ASCII, then 1). Advisory
# locks are per database, so test databases side by side do not wait for each other.
SNAPSHOT_WRITE_LOCK = 0x4E504D53_01
# The levels whose abstraction figures and trends come from the one pass over the duty rows.
ONE_PASS_LEVELS = ("team", "bcu", "force")

# What cannot be sent to the broker: Celery raises kombu's OperationalError once its publish
# retries are spent; redis-py's own errors may come through on the connection set-up.
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError)
QUEUE_DOWN_MESSAGE = (
    "The job could not be queued: the job queue (Redis) is not reachable. The figures shown "
    "are unchanged; try again in a few minutes."
)


def _plan(units: list[Unit], periods: dict[str, tuple[dt.date, dt.date]]) -> list[tuple]:
    """The (unit index, level, ids, metric, start, end) computations for ``units`` over
    ``periods``. Point metrics are taken as of each period's end, once per distinct day."""
    steps, seen = [], set()
    for u, (level, ids) in enumerate(units):
        for name in metrics_for(level):
            for start, end in periods.values():
                key = (u, name, start if METRICS[name].period else end, end)
                if key in seen:
                    continue
                seen.add(key)
                steps.append((u, level, ids, name, key[2], end))
    return steps


def snapshots_compute_and_write(
    *,
    units: list[Unit],
    periods: dict[str, tuple[dt.date, dt.date]],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Compute every metric for ``units`` over ``periods``, and each scope's 12-week trend to
    each period end, and replace their snapshots in one transaction. Returns the number of
    metric snapshots written. ``progress(done, total)`` is called as the computations are done
    (outside the write transaction, so a poller sees it); ``total`` is ``len(_plan(...))``.

    Set-based (issue 14): the abstraction figures of every team, BCU and force unit over every
    period, and the weekly figures of their trends, come from ONE pass over the duty rows
    (``abstraction_one_pass``); every other metric of the team/BCU/force units is computed once
    per period (or as-of day) for all of them at once (``metrics_levels``: the finest figures
    added up per level), whatever the number of scopes; the scopes are read once per unit.
    The two halves run on connections of their own while this one opens the write
    transaction at once: one DELETE per table (``_snapshots_delete``), then the figures as the
    halves hand them over (one INSERT of the trends, once the pass's weekly figures and the
    rest's ageing are in; one INSERT of metric snapshots for whatever has come since the last:
    one in all when the halves run one after the other, in a transaction). So the number of
    statements depends on the units, metrics and periods, never on how many teams, BCUs or
    forces there are, and the same path serves the whole night (ids None), one force's or
    BCU's units (a fan-out piece) and one scope's "recompute now".

    With the garbage collector paused (``npms.collector``: its collections found nothing to
    free and held the interpreter lock the halves and the write share)."""
    with collector_paused():
        return _compute_and_write(units=units, periods=periods, progress=progress)


def _compute_and_write(
    *,
    units: list[Unit],
    periods: dict[str, tuple[dt.date, dt.date]],
    progress: Callable[[int, int], None] | None,
) -> int:
    """``snapshots_compute_and_write``, the collector paused."""
    steps = _plan(units, periods)
    total = len(steps)
    computed_at = timezone.now()
    scopes = [scope_policies(level, ids) for level, ids in units]
    done = 0
    lock = threading.Lock()

    def tick(n: int = 1) -> None:
        nonlocal done
        with lock:
            done += n
            now_done = min(done, total)
        if progress:
            progress(now_done, total)

    pass_units = [
        u
        for u, (level, _ids) in enumerate(units)
        if level in ONE_PASS_LEVELS and "abstraction" in metrics_for(level)
    ]
    trend_units = [u for u, (level, _ids) in enumerate(units) if level in ONE_PASS_LEVELS]
    ends = sorted({end for _start, end in periods.values()})
    pass_index = {u: i for i, u in enumerate(sorted(set(pass_units) | set(trend_units)))}
    from_pass = {
        i
        for i, (u, _l, _ids, name, _s, _e) in enumerate(steps)
        if name == "abstraction" and u in pass_units
    }
    days = {end: trend_days(end, TREND_WEEKS) for end in ends}

    # What the two halves hand over as soon as they have it, for this thread to write while
    # they compute (issue 14): ("weekly", the one pass's weekly figures: its first statement),
    # ("pass", the one pass's figures), ("trends",
    # the trends' ageing: the rest's first read), ("values", {step index: value}) for each
    # other metric, ("done", None) when a half ends, or ("error", exc) when it fails.
    handed: queue.SimpleQueue = queue.SimpleQueue()

    def one_pass() -> None:
        """The abstraction of every team/BCU/force unit and period, with the trends' weeks."""
        found = abstraction_one_pass(
            units=[(units[u][0], units[u][1], scopes[u]) for u in pass_index],
            periods=sorted(set(periods.values())) if pass_units else [],
            trend_ends=ends if trend_units else [],
            weeks=TREND_WEEKS,
            on_weekly=lambda weekly: handed.put(("weekly", weekly)),
        )
        handed.put(("pass", found))
        tick(len(from_pass))

    # The other metrics of the team/BCU/force units come from metrics_levels: each metric's
    # finest figures (per neighbourhood or team) once per day or period, added up into every
    # level; other units (a member's abstraction outside the pass) call their selector.
    level_units = [u for u, (level, _ids) in enumerate(units) if level in ROLLUP_LEVELS]
    from_levels = {
        i
        for i, (u, _l, _ids, name, _s, _e) in enumerate(steps)
        if i not in from_pass and name in LEVELS_METRICS and u in level_units
    }
    level_index = {u: k for k, u in enumerate(level_units)}

    steps_of: dict[tuple, list[int]] = {}
    for i in sorted(from_levels):
        _u, _l, _ids, name, start, end = steps[i]
        steps_of.setdefault((name, start, end), []).append(i)

    def hand_values(key: tuple, per_unit: list[dict]) -> None:
        found = {i: per_unit[level_index[steps[i][0]]] for i in steps_of.get(key, ())}
        handed.put(("values", found))
        tick(len(found))

    def the_rest() -> None:
        """Every other metric (metrics_levels: one set of queries for all the units, or one
        many-scopes call per unit and period or day) and the trends' ageing, each handed over
        as soon as it is computed."""
        metrics_levels(
            units=[(units[u][0], units[u][1], scopes[u]) for u in level_units],
            wanted=sorted(steps_of),
            trend_day_lists=[days[end][1] for end in ends] if trend_units else [],
            on_trends=lambda trends: handed.put(("trends", trends)),
            on_values=hand_values,
        )
        for i, (u, level, ids, name, start, end) in enumerate(steps):
            if i in from_pass or i in from_levels:
                continue
            value = METRICS[name].compute(
                level=level, ids=ids, scopes=scopes[u], start=start, end=end
            )
            handed.put(("values", {i: value}))
            tick()

    def trend_snapshots(weekly: dict, ageing: list) -> list[tuple]:
        return [
            (
                units[u][0],
                end,
                trend_stored(
                    scope_ids=scopes[u],
                    mondays=days[end][0],
                    weekly=weekly.get((pass_index[u], end), {}),
                    ageing=unit_ageing,
                ),
            )
            for u in trend_units
            for end, unit_ageing in zip(ends, ageing[level_index[u]], strict=True)
        ]

    with ExitStack() as stack:

        def write() -> int:
            """In the write transaction, opened at once (issue 14): delete the rows this run
            replaces, then write what the two halves hand over as it comes (what has come since
            the last INSERT goes in one; the trends once both the pass's weeks and the rest's
            ageing are in), until both are done. Returns the number of metric snapshots."""
            stack.enter_context(transaction.atomic())
            _snapshots_delete(units=units, steps=steps, trend_units=trend_units, ends=ends)
            count, halves = 0, 2
            weekly = ageing = None
            while halves:
                items = [handed.get()]
                while not handed.empty():
                    items.append(handed.get())
                values: dict[int, object] = {}
                for kind, item in items:
                    if kind == "error":
                        raise item
                    if kind == "weekly":
                        weekly = item
                    elif kind == "pass":
                        figures, returned = item
                        weekly = returned if weekly is None else weekly  # none handed early
                        for i in from_pass:
                            u, _level, _ids, _name, start, end = steps[i]
                            values[i] = figures[(pass_index[u], start, end)]
                    elif kind == "trends":
                        ageing = item
                    elif kind == "values":
                        values.update(item)
                    else:
                        halves -= 1
                if weekly is not None and ageing is not None:
                    _trend_snapshots_insert(
                        trends=trend_snapshots(weekly, ageing), computed_at=computed_at
                    )
                    ageing = None  # written
                count += _metric_snapshots_insert(
                    rows=[(steps[i], value) for i, value in sorted(values.items())],
                    computed_at=computed_at,
                )
            return count

        written = _side_by_side([one_pass, the_rest], consume=write, handed=handed)
    return written


def _snapshots_delete(
    *, units: list[Unit], steps: list[tuple], trend_units: list[int], ends: list[dt.date]
) -> None:
    """In the caller's transaction, once any other run's write has committed (the advisory
    lock, held to the end of the transaction), delete exactly the rows a run of ``steps`` (see
    ``_plan``) replaces: each unit's scopes (all of its level when its ids are None) for the
    metrics and periods it computes, and the 12-week trends of ``trend_units`` to ``ends``.
    Three statements whatever the number of units (issue 14): the lock and one DELETE per
    table."""
    # Without the lock, a second run's DELETE would miss the rows the first is inserting and
    # its INSERT would collide with them.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SNAPSHOT_WRITE_LOCK])
    replaced: dict[int, set] = {}
    for u, _level, _ids, name, start, end in steps:
        replaced.setdefault(u, set()).add((name, start, end))
    if replaced:
        old = Q()
        for u, keys in replaced.items():
            which = Q()
            for name, start, end in sorted(keys):
                which |= Q(metric=name, start=start, end=end)
            old |= _unit_scopes(*units[u]) & which
        MetricSnapshot.objects.filter(old).delete()
    if trend_units:
        old = Q()
        for u in trend_units:
            old |= _unit_scopes(*units[u])
        TrendSnapshot.objects.filter(old, end__in=ends, weeks=TREND_WEEKS).delete()


def _unit_scopes(level: str, ids) -> Q:
    """The snapshot rows of a unit's scopes: every scope of ``level`` when ``ids`` is None."""
    return Q(scope_type=level) if ids is None else Q(scope_type=level, scope_id__in=ids)


def _metric_snapshots_insert(*, rows: list[tuple[tuple, dict]], computed_at: dt.datetime) -> int:
    """Insert, for each ``(step, {scope id: value})`` of ``rows`` (steps as ``_plan`` gives
    them), one MetricSnapshot per scope, computed at ``computed_at``, with one statement (none
    when there is no value). Returns how many."""
    doc = [[name, level, start, end, values] for (_u, level, _i, name, start, end), values in rows]
    count = sum(len(values) for _step, values in rows)
    if count:
        with connection.cursor() as cursor:
            cursor.execute(
                _INSERT_METRICS.format(table=MetricSnapshot._meta.db_table),
                {"doc": _json_document(doc), "now": computed_at},
            )
    return count


def _trend_snapshots_insert(
    *, trends: list[tuple[str, dt.date, dict]], computed_at: dt.datetime
) -> None:
    """Insert, for each ``(level, end, {scope id: weeks})`` of ``trends``, one TrendSnapshot
    per scope, computed at ``computed_at``, with one statement (none when there is none)."""
    if any(found for _level, _end, found in trends):
        with connection.cursor() as cursor:
            cursor.execute(
                _INSERT_TRENDS.format(table=TrendSnapshot._meta.db_table),
                {"doc": _json_document(trends), "now": computed_at, "weeks": TREND_WEEKS},
            )


# The snapshot rows from one JSON document each (one orjson call, no per-row Python):
# [[metric, level, start, end, {scope id: value}], ...] and [[level, end, {scope id: weeks}],
# ...]. PostgreSQL parses the document once and each value comes out as jsonb without being
# parsed again; created_at = updated_at = computed_at, as the model's auto_now_add / auto_now
# would set them for one run.
_INSERT_METRICS = """
INSERT INTO {table} (metric, scope_type, scope_id, "start", "end", value, computed_at,
                     created_at, updated_at)
SELECT step->>0, step->>1, scope.key::bigint, (step->>2)::date, (step->>3)::date, scope.value,
       %(now)s, %(now)s, %(now)s
FROM jsonb_array_elements(%(doc)s::jsonb) AS step, jsonb_each(step->4) AS scope
"""
_INSERT_TRENDS = """
INSERT INTO {table} (scope_type, scope_id, "end", weeks, value, computed_at, created_at,
                     updated_at)
SELECT item->>0, scope.key::bigint, (item->>1)::date, %(weeks)s, scope.value,
       %(now)s, %(now)s, %(now)s
FROM jsonb_array_elements(%(doc)s::jsonb) AS item, jsonb_each(item->2) AS scope
"""


def _json_document(value) -> str:
    """``value`` as JSON text, as a JSONField would store ``_jsonable(value)``: dates (and
    datetimes) in ISO form, tuples as lists, dict keys as strings (ints, and the str enums of
    ``PostingRole``, by their value). One C-speed ``orjson`` call for a whole night."""
    return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()


def _jsonable(value):
    """``value`` with JSON's types only (the stored form ``_json_document`` writes)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _side_by_side(
    producers: list[Callable[[], None]], *, consume: Callable[[], int], handed: queue.SimpleQueue
) -> int:
    """Run ``producers`` (the two halves of the snapshot job, which read different rows: the
    duty hours; everything else) each in a thread on a database connection of its own while
    ``consume`` (the write) runs here, when ``SNAPSHOT_JOB_THREADS`` allows it (2, the default)
    and we are not inside a transaction (whose uncommitted rows another connection could not
    see, e.g. in a test); otherwise the producers one after the other, then ``consume``. Each
    producer puts ("done", None) on ``handed`` when it ends, or ("error", exc) when it fails
    (so ``consume`` never waits for good). Returns what ``consume`` returns; a producer's error
    is raised. On two cores the job takes about as long as the longer half and the write of
    its last figures."""

    def produce(producer: Callable[[], None], *, own_connection: bool) -> None:
        try:
            producer()
        except BaseException as exc:
            handed.put(("error", exc))
            raise
        finally:
            if own_connection:
                connections.close_all()  # this thread's connections only
        handed.put(("done", None))

    threads = getattr(settings, "SNAPSHOT_JOB_THREADS", 2)
    if threads < 2 or connection.in_atomic_block:
        for producer in producers:
            produce(producer, own_connection=False)
        return consume()
    with ThreadPoolExecutor(max_workers=len(producers)) as pool:
        futures = [pool.submit(produce, p, own_connection=True) for p in producers]
        try:
            result = consume()
        finally:
            for future in futures:
                future.result()
    return result


def snapshot_nightly(*, today: dt.date | None = None) -> int:
    """Snapshot every metric for every team, BCU and force for yesterday, the last 28 days
    and the last quarter (selectors.standard_periods). Idempotent; the snapshots are written
    in one transaction. Then the snapshots of teams, BCUs and forces that no longer exist are
    deleted (snapshots_of_gone_scopes_delete): the write replaces tonight's periods only."""
    periods = standard_periods(today or timezone.localdate())
    written = snapshots_compute_and_write(
        units=[(level, None) for level in SNAPSHOT_LEVELS], periods=periods
    )
    snapshots_of_gone_scopes_delete()
    return written


def snapshots_of_gone_scopes_delete() -> tuple[int, int]:
    """Delete every metric and trend snapshot, of any period, whose team, BCU or force no
    longer exists (deleted, dissolved, merged into another force). A night replaces only the
    snapshots of the scopes it computes, for its own periods, so without this a gone scope's
    rows would stay for good, to be found by anything that reads snapshots by scope id. The
    rows of scopes that exist are not touched. Returns (metric rows, trend rows) deleted.

    The gone scopes are found in the trends, a 27th of the metric rows (one per scope and
    night against 18 to 27): every run that writes a scope's metric snapshots writes its trend
    too (snapshots_compute_and_write: every team, BCU and force unit). One query when no scope
    is gone (a scan of the trends with a hashed look-up of the scope ids: 0.08 s for 190
    nights of a Met-size force, where the same look-up over the metric rows takes 1.2 s); then
    one DELETE per table."""
    exists = {ScopeType.TEAM: Team, ScopeType.BCU: BCU, ScopeType.FORCE: Force}
    gone_q = Q()
    for scope_type, model in exists.items():
        gone_q |= Q(scope_type=scope_type) & ~Q(scope_id__in=model.objects.values("id"))
    gone = (
        TrendSnapshot.objects.filter(gone_q)
        .order_by()
        .values_list("scope_type", "scope_id")
        .distinct()
    )
    ids: dict[str, list[int]] = {}
    for scope_type, scope_id in gone:
        ids.setdefault(scope_type, []).append(scope_id)
    if not ids:
        return 0, 0
    which = Q()
    for scope_type, scope_ids in sorted(ids.items()):
        which |= Q(scope_type=scope_type, scope_id__in=sorted(scope_ids))
    return (
        MetricSnapshot.objects.filter(which).delete()[0],
        TrendSnapshot.objects.filter(which).delete()[0],
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


# ---------------------------------------------------------------------------------------------
# The nightly job as a fan-out per force and, for a large force, per group of its BCUs (issue
# 14 item 3).
#
# A night is planned in the database (SnapshotNight and its SnapshotPieces) and sent as a Celery
# chord: a group of one task per piece and a final step that records the night complete,
# partial or failed. Each piece replaces the snapshots of its own scopes only, through
# snapshots_compute_and_write (one transaction: a piece that fails leaves its scopes' previous
# snapshots as they were). The night's state is derived from its pieces' rows, so the final
# step is idempotent and each piece also closes the night when it is the last to finish: a
# chord lost with Redis, or a piece lost with its worker (marked failed by
# snapshot_nights_fail_stale), still leaves a night that says what happened.
# ---------------------------------------------------------------------------------------------

PIECE_TASK = "dashboards.snapshot_piece"
NIGHT_FINISH_TASK = "dashboards.snapshot_night_finish"
NIGHT_QUEUE_DOWN_MESSAGE = (
    "The night could not be queued: the job queue (Redis) is not reachable. The previous "
    "snapshots are unchanged; run `manage.py snapshot_nightly` or wait for the next night."
)


def _default_queue(task_name: str) -> str:
    """The queue the app's routes send ``task_name`` to from this process (task_default_queue
    unless CELERY_TASK_ROUTES says otherwise)."""
    from celery import current_app

    # A router of its own, from the routes as they are now: ``amqp.router`` is built once and
    # cached, and building it here (even in eager mode) would pin the routes of that moment.
    queue = current_app.amqp.Router().route({}, task_name).get("queue")
    return getattr(queue, "name", queue) or current_app.conf.task_default_queue


def _next_fit(bcus: list[tuple[BCU, int]], cap: int) -> list[list[tuple[BCU, int]]]:
    """``bcus`` cut, in their order, into runs of at most ``cap`` teams: a BCU joins the run
    being filled if the run stays within ``cap``, else starts the next (a BCU of more than
    ``cap`` teams is a run alone). The fewest runs of at most ``cap`` teams that keep the
    order: a run closes only when the next BCU does not fit."""
    groups: list[list[tuple[BCU, int]]] = []
    teams = 0
    for bcu, n in bcus:
        if groups and teams + n <= cap:
            groups[-1].append((bcu, n))
            teams += n
        else:
            groups.append([(bcu, n)])
            teams = n
    return groups


def _bcu_groups(bcus: list[tuple[BCU, int]], split_teams: int) -> list[list[tuple[BCU, int]]]:
    """A large force's ``bcus`` (each with its team count, in name order) packed into groups
    of whole, consecutive BCUs of at most ``split_teams`` teams (a BCU with more is a group
    alone): as few groups as that allows, and of those, the most even.

    The rule: greedy in name order (``_next_fit``) gives the fewest groups, k; then the
    smallest cap on a group's teams that still gives k groups (a binary search between the
    average, total / k, and ``split_teams``) cuts them evenly. Why: each piece costs a fixed
    ~30 queries and a write whatever its size, so fewer pieces cost less in all; the night
    ends when its largest piece does, so even pieces end it sooner on several workers (the
    Met's 630 teams at 200: four groups of about 160, not 196, 197, 199 and 38); and name
    order keeps a force's pieces and their labels the same from one night to the next when a
    team opens or closes, which a packing that reorders the BCUs would not."""
    groups = _next_fit(bcus, split_teams)
    if len(groups) < 2:
        return groups
    total = sum(n for _, n in bcus)
    # A cap below the average cannot give k groups; above split_teams is not allowed (the
    # average can be above it when some BCUs are larger than split_teams).
    low, high = min(-(-total // len(groups)), split_teams), split_teams
    while low < high:
        cap = (low + high) // 2
        if len(_next_fit(bcus, cap)) <= len(groups):
            high = cap
        else:
            low = cap + 1
    return _next_fit(bcus, low)


def _bcus_label(force: Force, group: list[tuple[BCU, int]]) -> str:
    """A group piece's label, such as "Metropolitan Police / Camden, Islington (2 BCUs, 41
    teams)" ("... / Camden (20 teams)" for one BCU), the names cut short ("Camden, …") where
    they would not fit in the field."""
    teams = sum(n for _, n in group)
    counts = f"{teams} team{'' if teams == 1 else 's'}"
    if len(group) > 1:
        counts = f"{len(group)} BCUs, {counts}"
    room = SnapshotPiece._meta.get_field("label").max_length - len(f"{force.name} /  ({counts})")
    names = ", ".join(bcu.name for bcu, _ in group)
    if len(names) > room:
        names = names[: max(room - 3, 0)].rsplit(", ", 1)[0] + ", …"
    return f"{force.name} / {names} ({counts})"


def snapshot_night_plan(*, split_teams: int | None = None) -> list[SnapshotPiece]:
    """The pieces of a night, unsaved, in force name order: one per force; for a force with
    more than ``split_teams`` teams (default ``SNAPSHOT_SPLIT_TEAMS``), one per group of its
    whole BCUs of at most ``split_teams`` teams (``_bcu_groups``: as few as that allows, as
    even as can be, in name order; a larger BCU alone; the piece computes their teams and the
    BCUs), then one for the force's own row. A "bcus" piece carries its BCUs, to be saved with
    it, in ``planned_bcus``. Each piece goes to the force's queue in ``SNAPSHOT_QUEUES``, else
    to the default queue. Three queries, whatever the number of forces and BCUs."""
    split_teams = settings.SNAPSHOT_SPLIT_TEAMS if split_teams is None else split_teams
    queues = settings.SNAPSHOT_QUEUES
    default_queue = _default_queue(PIECE_TASK)
    team_counts = dict(Team.objects.values_list("bcu__force_id").annotate(n=Count("id")).order_by())
    split = {fid for fid, n in team_counts.items() if n > split_teams}
    bcus: dict[int, list[tuple[BCU, int]]] = {}
    for bcu in (
        BCU.objects.filter(force_id__in=split)
        .annotate(n_teams=Count("teams"))
        .order_by("name", "id")
        .only("id", "force_id", "name")
    ):
        bcus.setdefault(bcu.force_id, []).append((bcu, bcu.n_teams))
    pieces = []
    for force in Force.objects.order_by("name", "id").only("id", "slug", "name"):
        queue = queues.get(force.slug, default_queue)
        if force.id not in split:
            pieces.append(SnapshotPiece(kind="force", force=force, label=force.name, queue=queue))
            continue
        for group in _bcu_groups(bcus.get(force.id, []), split_teams):
            piece = SnapshotPiece(
                kind="bcus", force=force, label=_bcus_label(force, group), queue=queue
            )
            piece.planned_bcus = [bcu for bcu, _ in group]
            pieces.append(piece)
        pieces.append(
            SnapshotPiece(
                kind="force_row", force=force, label=f"{force.name} (force row)", queue=queue
            )
        )
    return pieces


def snapshot_piece_units(piece: SnapshotPiece) -> list[Unit]:
    """The scopes a piece snapshots, as units for snapshots_compute_and_write: a whole force
    (its teams, its BCUs, the force), a group of BCUs (their teams, the BCUs) or a force's own
    row. Ids are read when the piece runs, so a team added to (or moved into) one of its BCUs
    since the night was planned is included, and a BCU deleted since is left out (a group whose
    BCUs are all gone has no units). A BCU moved to another force since is still computed here
    (its figures do not depend on the piece's force; a second computation by another piece
    writes the same rows)."""
    if piece.kind == SnapshotPiece.Kind.FORCE_ROW:
        return [("force", [piece.force_id])]
    if piece.kind == SnapshotPiece.Kind.BCUS:
        bcus = list(
            SnapshotPieceBCU.objects.filter(piece_id=piece.pk)
            .order_by("bcu_id")
            .values_list("bcu_id", flat=True)
        )
        if not bcus:
            return []
        teams = list(
            Team.objects.filter(bcu_id__in=bcus).order_by("id").values_list("id", flat=True)
        )
        units = [("team", teams)] if teams else []
        return [*units, ("bcu", bcus)]
    teams = list(
        Team.objects.filter(bcu__force_id=piece.force_id)
        .order_by("id")
        .values_list("id", flat=True)
    )
    bcus = list(
        BCU.objects.filter(force_id=piece.force_id).order_by("id").values_list("id", flat=True)
    )
    units = [("team", teams)] if teams else []
    if bcus:
        units.append(("bcu", bcus))
    return [*units, ("force", [piece.force_id])]


def snapshot_night_create(
    *, today: dt.date | None = None, split_teams: int | None = None, task_id: str = ""
) -> SnapshotNight:
    """Record a new night for ``today`` (default: today) with its planned pieces, all pending,
    planned by the fan-out task ``task_id`` (none: in-process). A night with no pieces (no
    force) is complete at once."""
    now = timezone.now()
    pieces = snapshot_night_plan(split_teams=split_teams)
    with transaction.atomic():
        night = SnapshotNight.objects.create(
            date=today or timezone.localdate(),
            pieces=len(pieces),
            started_at=now,
            fanout_task_id=task_id,
        )
        for piece in pieces:
            piece.night = night
        SnapshotPiece.objects.bulk_create(pieces)
        SnapshotPieceBCU.objects.bulk_create(
            SnapshotPieceBCU(night=night, piece=piece, bcu=bcu)
            for piece in pieces
            for bcu in getattr(piece, "planned_bcus", ())
        )
    if not pieces:
        night = snapshot_night_close(night_id=night.pk)
    return night


def snapshot_night_start(
    *, today: dt.date | None = None, split_teams: int | None = None, task_id: str = ""
) -> SnapshotNight:
    """Plan a night and send it, once that commits, as a chord: one ``snapshot_piece`` task per
    piece on its queue, then ``snapshot_night_finish`` (on this process's default route). If
    the broker cannot be reached the night is failed at once, saying so.

    ``task_id``: the fan-out task's own id. Acks are late, so Redis hands the task back, with
    the same id, when its worker is lost before acknowledging it. That delivery gets the night
    the first one planned, sent now if it never was (the first worker was lost between the
    commit and the send), instead of a second night for the date. If the first worker was lost
    after sending but before recording it (``sent_at``), the pieces are sent twice: each piece
    and the final step are idempotent, so the night ends the same."""
    if task_id:
        night = SnapshotNight.objects.filter(fanout_task_id=task_id).first()
        if night is not None:
            if night.sent_at is None and night.status == SnapshotNight.Status.RUNNING:
                transaction.on_commit(lambda: _night_send(night))
            return night
    night = snapshot_night_create(today=today, split_teams=split_teams, task_id=task_id)
    if night.pieces:
        transaction.on_commit(lambda: _night_send(night))
    return night


def _night_send(night: SnapshotNight) -> None:
    from celery import chord

    from dashboards import tasks

    # The pending pieces: all of a new night's; the failed ones a rerun has set pending again.
    header = [
        tasks.snapshot_piece.si(piece_id).set(queue=queue)
        for piece_id, queue in night.piece_set.filter(status=SnapshotPiece.Status.PENDING)
        .order_by("id")
        .values_list("id", "queue")
    ]
    # The final step's queue is fixed here: the worker that runs the last piece sends it, and
    # its routes may differ from this process's.
    body = tasks.snapshot_night_finish.si(night.pk).set(queue=_default_queue(NIGHT_FINISH_TASK))
    try:
        chord(header, body).apply_async()
        SnapshotNight.objects.filter(pk=night.pk).update(
            sent_at=timezone.now(), updated_at=timezone.now()
        )
    except BROKER_ERRORS:
        logger.exception("Snapshot night %s could not be queued", night.pk)
        now = timezone.now()
        night.piece_set.filter(status=SnapshotPiece.Status.PENDING).update(
            status=SnapshotPiece.Status.FAILED, message="Not queued.", finished_at=now
        )
        # Failed, or partial when a rerun's pieces were not queued but the others are done.
        snapshot_night_close(night_id=night.pk)
        SnapshotNight.objects.filter(pk=night.pk).update(
            message=NIGHT_QUEUE_DOWN_MESSAGE, updated_at=now
        )
        night.refresh_from_db()


def snapshot_piece_run(
    *, piece_id: int, ran_on: str = "", retry_on: tuple[type[BaseException], ...] = ()
) -> SnapshotPiece:
    """Compute and replace the snapshots of one piece's scopes for its night's periods
    (selectors.standard_periods of the night's date). Idempotent: a rerun writes the same rows.
    An error is recorded on the piece (failed, with the message) and not raised, except one of
    ``retry_on`` (the task passes a lost database connection while it has retries left), which
    is raised for the caller to retry. Either way the piece's scopes keep their previous
    snapshots (the write is one transaction). Closes the night if this was its last piece."""
    piece = SnapshotPiece.objects.select_related("night").get(pk=piece_id)
    now = timezone.now()
    SnapshotPiece.objects.filter(pk=piece.pk).update(
        status=SnapshotPiece.Status.RUNNING,
        attempts=F("attempts") + 1,
        ran_on=ran_on[:300],
        started_at=now,
        updated_at=now,
        message="",
    )
    periods = standard_periods(piece.night.date)
    # A savepoint when the caller is in a transaction (tests, the command inside one): a failed
    # query must not spoil the caller's transaction before the failure is recorded. Not
    # otherwise (the worker): inside a transaction of its own the piece would compute its two
    # halves one after the other instead of side by side on two connections (_side_by_side);
    # its write is one transaction anyway.
    guard = transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()
    try:
        with guard:
            units = snapshot_piece_units(piece)
            # A group piece whose BCUs were all deleted since planning: nothing left to compute
            # (their snapshots go with the night's gone scopes, snapshot_night_close).
            written = snapshots_compute_and_write(units=units, periods=periods) if units else 0
    except retry_on as exc:
        _drop_broken_connection()
        SnapshotPiece.objects.filter(pk=piece.pk).update(
            message=f"Retrying: {_error_text(exc)}", updated_at=timezone.now()
        )
        raise
    except Exception as exc:
        logger.exception("Snapshot piece %s (%s) failed", piece.pk, piece.label)
        _drop_broken_connection()
        now = timezone.now()
        SnapshotPiece.objects.filter(pk=piece.pk).update(
            status=SnapshotPiece.Status.FAILED,
            message=_error_text(exc),
            finished_at=now,
            updated_at=now,
        )
    else:
        now = timezone.now()
        SnapshotPiece.objects.filter(pk=piece.pk).update(
            status=SnapshotPiece.Status.DONE, rows=written, finished_at=now, updated_at=now
        )
    snapshot_night_close(night_id=piece.night_id)
    piece.refresh_from_db()
    return piece


def _drop_broken_connection() -> None:
    # After a lost connection Django keeps the dead one until told: drop it, so the recording
    # (and a retry) open a new one. Not inside a caller's transaction, which it would end.
    if not connection.in_atomic_block:
        close_old_connections()


def _error_text(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{exc.__class__.__name__}: {text}"[:500] if text else exc.__class__.__name__


def snapshot_night_close(*, night_id: int) -> SnapshotNight:
    """Bring a night's counts up to date from its pieces and, once none is pending or running,
    record how it ended: ``complete`` (every piece done), ``partial`` (some failed: the
    message names them), ``failed`` (none done). Idempotent: the chord's final step and every
    piece call it; a piece that finishes late (redelivered) updates the outcome. The call that
    records the end (or a changed outcome) then deletes the snapshots of the scopes gone since
    (snapshots_of_gone_scopes_delete): once a night, not once a piece, as no piece's own
    scopes include a deleted team, a dissolved BCU or a merged force."""
    ended = False
    with transaction.atomic():
        night = SnapshotNight.objects.select_for_update().get(pk=night_id)
        by_status = {
            status: (n, rows)
            for status, n, rows in night.piece_set.values_list("status")
            .annotate(n=Count("id"), rows=Sum("rows"))
            .order_by()
        }
        done, rows = by_status.get(SnapshotPiece.Status.DONE, (0, 0))
        failed = by_status.get(SnapshotPiece.Status.FAILED, (0, 0))[0]
        was = (night.status, night.pieces_failed)
        night.pieces_done, night.pieces_failed, night.rows = done, failed, rows
        # None pending or running, rather than done + failed == night.pieces: a piece whose
        # force was deleted (merged away) mid-night goes with it (on delete cascade) and
        # would otherwise keep the night running for good.
        if not set(by_status) - {SnapshotPiece.Status.DONE, SnapshotPiece.Status.FAILED}:
            if failed == 0:
                night.status, night.message = SnapshotNight.Status.COMPLETE, ""
            else:
                night.status = SnapshotNight.Status.PARTIAL if done else SnapshotNight.Status.FAILED
                failures = night.piece_set.filter(status=SnapshotPiece.Status.FAILED)
                night.message = f"{failed} of {night.pieces} pieces failed: " + "; ".join(
                    f"{p.label} ({p.message})" for p in failures.order_by("id")
                )
            if night.finished_at is None or (night.status, failed) != was:
                night.finished_at = timezone.now()
                ended = True
        night.save()
    if ended:
        snapshots_of_gone_scopes_delete()
    return night


def snapshot_night_run(
    *,
    today: dt.date | None = None,
    split_teams: int | None = None,
    report: Callable[[SnapshotPiece], None] | None = None,
) -> SnapshotNight:
    """Run a whole night in this process, piece after piece, with no broker (``manage.py
    snapshot_nightly``): the same pieces, rows and night record as the Celery fan-out.
    ``report(piece)`` is called as each piece ends."""
    night = snapshot_night_create(today=today, split_teams=split_teams)
    for piece_id in night.piece_set.order_by("id").values_list("id", flat=True):
        piece = snapshot_piece_run(piece_id=piece_id, ran_on="in-process")
        if report:
            report(piece)
    return snapshot_night_close(night_id=night.pk)


def _night_reopen(*, night_id: int) -> tuple[SnapshotNight, list[int]]:
    """Set a partial or failed night's failed pieces pending again and the night running, in
    one transaction; returns the night and those pieces' ids (none, and the night unchanged,
    when it is running or complete)."""
    with transaction.atomic():
        night = SnapshotNight.objects.select_for_update().get(pk=night_id)
        if night.status not in (SnapshotNight.Status.PARTIAL, SnapshotNight.Status.FAILED):
            return night, []
        failed = night.piece_set.filter(status=SnapshotPiece.Status.FAILED)
        piece_ids = list(failed.order_by("id").values_list("id", flat=True))
        now = timezone.now()
        failed.update(
            status=SnapshotPiece.Status.PENDING,
            message="",
            started_at=None,
            finished_at=None,
            updated_at=now,
        )
        night.status, night.message, night.finished_at = SnapshotNight.Status.RUNNING, "", None
        night.pieces_failed = 0
        night.save()
    return night, piece_ids


def snapshot_night_rerun_start(*, night_id: int) -> SnapshotNight:
    """What an operator does after a partial or failed night (pieces lost with a killed
    worker and marked failed by snapshot_nights_fail_stale, or failed on an error since
    fixed): send the night's failed pieces again, once this commits, as a chord like the
    night's own, on their queues. The night is running until they end, then complete if they
    all succeed (each piece closes the night); its done pieces are not recomputed. A running
    or complete night is returned unchanged. If the broker cannot be reached, those pieces fail
    again and the night says so."""
    night, piece_ids = _night_reopen(night_id=night_id)
    if piece_ids:
        transaction.on_commit(lambda: _night_send(night))
    return night


def snapshot_night_rerun(
    *, night_id: int, report: Callable[[SnapshotPiece], None] | None = None
) -> SnapshotNight:
    """``snapshot_night_rerun_start`` in this process with no broker (``manage.py
    snapshot_nightly --rerun``): the night's failed pieces run again piece after piece;
    ``report(piece)`` is called as each ends. Returns the night as it then stands."""
    night, piece_ids = _night_reopen(night_id=night_id)
    for piece_id in piece_ids:
        piece = snapshot_piece_run(piece_id=piece_id, ran_on="in-process")
        if report:
            report(piece)
    return snapshot_night_close(night_id=night.pk) if piece_ids else night


def snapshot_nights_fail_stale(*, now: dt.datetime | None = None) -> int:
    """Mark failed every piece of a running night that has been pending or running for
    ``SNAPSHOT_PIECE_STALE_SECONDS`` (its worker and its redelivery were lost, or no worker
    takes its queue), then close those nights (partial or failed). Returns the pieces marked."""
    now = now or timezone.now()
    seconds = settings.SNAPSHOT_PIECE_STALE_SECONDS
    stale = SnapshotPiece.objects.filter(
        night__status=SnapshotNight.Status.RUNNING,
        status__in=[SnapshotPiece.Status.PENDING, SnapshotPiece.Status.RUNNING],
        updated_at__lt=now - dt.timedelta(seconds=seconds),
    )
    nights = set(stale.values_list("night_id", flat=True))
    marked = stale.update(
        status=SnapshotPiece.Status.FAILED,
        message=f"Lost: no result within {seconds // 60} minutes (its worker stopped, or no "
        "worker takes its queue). Its scopes keep their previous snapshots.",
        finished_at=now,
        updated_at=now,
    )
    for night_id in sorted(nights):
        snapshot_night_close(night_id=night_id)
    return marked
