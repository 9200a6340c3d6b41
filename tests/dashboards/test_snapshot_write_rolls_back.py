"""The write of a snapshot run begins at once, while its two halves (the one pass over the duty
hours; the other metrics) are still being computed on connections of their own (issue 14). If a
half then fails, the whole write is rolled back: the previous snapshots stay, every one of
them, as they were (DESIGN.md section 8: a reader never sees half a run)."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection

from dashboards import services
from dashboards.models import MetricSnapshot, TrendSnapshot
from dashboards.selectors import SNAPSHOT_LEVELS, standard_periods

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date(2025, 7, 1)


def _write_lock_held() -> bool:
    """Whether another connection holds the snapshot write's advisory lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND pid <> pg_backend_pid() "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        return cursor.fetchone()[0] > 0


def _snapshots():
    return (
        {
            (s.metric, s.scope_type, s.scope_id, s.start, s.end): (s.value, s.computed_at)
            for s in MetricSnapshot.objects.all()
        },
        {
            (t.scope_type, t.scope_id, t.end): (t.value, t.computed_at)
            for t in TrendSnapshot.objects.all()
        },
    )


def test_a_half_failing_after_the_write_began_leaves_the_previous_snapshots(world):
    # 9 scopes x 18 figures (test_snapshot_jobs.py); 9 trends (every period of 1 July 2025 ends
    # on 30 June).
    assert services.snapshot_nightly(today=TODAY) == 162
    before = _snapshots()
    assert (len(before[0]), len(before[1])) == (162, 9)
    seen = []
    first = threading.Lock()

    def progress(done, total):
        # The halves report their progress from their own threads: fail in the first to
        # report (both may report at once: the lock picks one), once the write has begun (it
        # holds the advisory lock).
        if threading.current_thread() is threading.main_thread():
            return
        if not first.acquire(blocking=False):
            return
        deadline = time.monotonic() + 30
        while not _write_lock_held() and time.monotonic() < deadline:
            time.sleep(0.05)
        seen.append(_write_lock_held())
        raise RuntimeError("a half failed")

    with pytest.raises(RuntimeError, match="a half failed"):
        services.snapshots_compute_and_write(
            units=[(level, None) for level in SNAPSHOT_LEVELS],
            periods=standard_periods(TODAY),
            progress=progress,
        )

    assert seen == [True]
    assert _snapshots() == before
