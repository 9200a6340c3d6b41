"""A snapshot run replaces exactly the rows it computes (issue 14: one DELETE per table for all
its units): the snapshots of its units' scopes for the metrics and periods it computed, and
their 12-week trends to its period ends. Rows of other scopes (of the same level, or another
level with the same id), other periods, other as-of days, other metrics and other trend
lengths stay as they were."""

import datetime as dt

from django.utils import timezone

from dashboards import selectors, services
from dashboards.models import MetricSnapshot, TrendSnapshot

# Periods of 15 August 2025 (selectors.standard_periods): yesterday 14 Aug; 28 days 18 Jul to
# 14 Aug; the quarter 1 Apr to 30 Jun. Point metrics (supervision...) as of 14 Aug and 30 Jun.
TODAY = dt.date(2025, 8, 15)
YESTERDAY = dt.date(2025, 8, 14)
QUARTER_END = dt.date(2025, 6, 30)
OLD = {"old": True}


def _snapshot(metric, level, scope_id, start, end):
    return MetricSnapshot.objects.create(
        metric=metric,
        scope_type=level,
        scope_id=scope_id,
        start=start,
        end=end,
        value=OLD,
        computed_at=timezone.now() - dt.timedelta(days=1),
    )


def _trend(level, scope_id, end, weeks=12):
    return TrendSnapshot.objects.create(
        scope_type=level,
        scope_id=scope_id,
        end=end,
        weeks=weeks,
        value=OLD,
        computed_at=timezone.now() - dt.timedelta(days=1),
    )


def test_a_run_replaces_its_own_rows_and_no_others(world):
    alpha, bravo, north = world.alpha.id, world.bravo.id, world.north.id
    replaced = [
        _snapshot("abstraction", "team", alpha, YESTERDAY, YESTERDAY),
        _snapshot("abstraction", "team", alpha, dt.date(2025, 4, 1), QUARTER_END),
        _snapshot("supervision", "bcu", north, YESTERDAY, YESTERDAY),
    ]
    kept = [
        # Bravo is a team the run does not compute.
        _snapshot("abstraction", "team", bravo, YESTERDAY, YESTERDAY),
        # Alpha over a period of no standard period of 15 August.
        _snapshot("abstraction", "team", alpha, dt.date(2025, 1, 1), dt.date(2025, 1, 31)),
        # A force (a level the run does not compute) whose id is Alpha's.
        _snapshot("abstraction", "force", alpha, YESTERDAY, YESTERDAY),
        # North's supervision as of a day that is no period end of the run.
        _snapshot("supervision", "bcu", north, dt.date(2025, 7, 31), dt.date(2025, 7, 31)),
        # A metric the run does not compute (e.g. one retired since).
        _snapshot("retired_metric", "team", alpha, YESTERDAY, YESTERDAY),
        # A point metric stored under a period's start: not a row the run writes.
        _snapshot("supervision", "team", alpha, dt.date(2025, 7, 18), YESTERDAY),
    ]
    trend_replaced = [_trend("team", alpha, YESTERDAY), _trend("bcu", north, QUARTER_END)]
    trend_kept = [
        _trend("team", bravo, YESTERDAY),
        _trend("team", alpha, dt.date(2025, 8, 10)),
        _trend("team", alpha, YESTERDAY, weeks=8),
        _trend("force", alpha, YESTERDAY),
    ]

    written = services.snapshots_compute_and_write(
        units=[("team", [alpha]), ("bcu", [north])],
        periods=selectors.standard_periods(TODAY),
    )

    # 2 scopes x 27 figures (3 period metrics x 3 periods + 9 point metrics x 2 days).
    assert written == 54
    assert MetricSnapshot.objects.count() == 54 + 6
    for snap in kept:
        snap.refresh_from_db()
        assert snap.value == OLD, snap
    for snap in replaced:
        new = MetricSnapshot.objects.get(
            metric=snap.metric,
            scope_type=snap.scope_type,
            scope_id=snap.scope_id,
            start=snap.start,
            end=snap.end,
        )
        assert new.pk != snap.pk and new.value != OLD, snap
    # 2 scopes x 2 period ends (14 Aug, 30 Jun), and the 4 others.
    assert TrendSnapshot.objects.count() == 4 + 4
    for trend in trend_kept:
        trend.refresh_from_db()
        assert trend.value == OLD, trend
    for trend in trend_replaced:
        assert not TrendSnapshot.objects.filter(pk=trend.pk).exists()
        new = TrendSnapshot.objects.get(
            scope_type=trend.scope_type, scope_id=trend.scope_id, end=trend.end, weeks=12
        )
        assert len(new.value["abstraction"]) == 12  # one per week (selectors.trend_stored)
