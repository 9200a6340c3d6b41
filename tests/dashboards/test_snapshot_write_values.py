"""The snapshot write (issue 14: one JSON document per table, split by PostgreSQL) stores each
figure as a JSONField stores it: dates as ISO strings, tuples as lists, dict keys as strings
(ids, and posting roles by their value), any text as it is; one time for computed_at,
created_at and updated_at."""

import datetime as dt

from django.utils import timezone

from dashboards import services
from dashboards.models import MetricSnapshot, TrendSnapshot
from teams.models import PostingRole

END = dt.date(2025, 8, 14)
TEXT = 'Tab\there, "quoted", back\\slash, new\nline, café ✓, 100%'


def test_values_are_stored_as_json_gives_them(world):
    at = timezone.make_aware(dt.datetime(2025, 8, 15, 2, 30, 15, 123456))
    value = {
        "as_of": END,
        "by_role": {PostingRole.PCSO: {"hours": 7.5}},
        "buckets": {30: 2, 90: 0},
        "pair": (1, 2),
        "rate": 0.03896103896103896,
        "median_age_days": None,
        "breach": False,
        "note": TEXT,
    }
    step = (0, "team", [world.alpha.id], "abstraction", END, END)
    written = services._metric_snapshots_insert(
        rows=[(step, {world.alpha.id: value})], computed_at=at
    )
    services._trend_snapshots_insert(
        trends=[("team", END, {world.alpha.id: [{"week_start": dt.date(2025, 8, 11), "n": 1}]})],
        computed_at=at,
    )

    assert written == 1
    snap = MetricSnapshot.objects.get()
    assert (snap.metric, snap.scope_type, snap.scope_id) == ("abstraction", "team", world.alpha.id)
    assert (snap.start, snap.end) == (END, END)
    assert snap.value == {
        "as_of": "2025-08-14",
        "by_role": {"pcso": {"hours": 7.5}},
        "buckets": {"30": 2, "90": 0},
        "pair": [1, 2],
        "rate": 0.03896103896103896,
        "median_age_days": None,
        "breach": False,
        "note": TEXT,
    }
    assert snap.computed_at == snap.created_at == snap.updated_at == at
    trend = TrendSnapshot.objects.get()
    assert (trend.scope_type, trend.scope_id, trend.end, trend.weeks) == (
        "team",
        world.alpha.id,
        END,
        12,
    )
    assert trend.value == [{"week_start": "2025-08-11", "n": 1}]
    assert trend.computed_at == trend.created_at == trend.updated_at == at
