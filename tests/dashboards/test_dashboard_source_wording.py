"""What a dashboard says about where its figures come from (issue 13), for each mix of rows
from the snapshot and rows computed live."""

import datetime as dt

from django.utils import timezone

from dashboards.views import _sources, source_sentence

TWO_AM = timezone.make_aware(dt.datetime(2026, 3, 2, 2, 0))
NOON = timezone.make_aware(dt.datetime(2026, 3, 2, 12, 5))


def table(n=6, changed=(), missing=(), snapshot=True):
    live = len(changed) + len(missing)
    source = "live" if live == n else ("snapshot" if not live else "mixed")
    return {
        "rows": [{}] * n,
        "source": source,
        "changed": list(changed),
        "missing": list(missing),
        "snapshot_at": TWO_AM if snapshot and live < n else None,
        "live_at": NOON if live else None,
    }


def test_every_row_from_the_snapshot():
    assert source_sentence(table()) == "From the snapshot of 02:00."
    assert _sources(table(), table(1)) == ["From the snapshot of 02:00: every row and the total."]


def test_some_rows_changed_since():
    assert source_sentence(table(changed=[1, 2])) == (
        "4 rows from the snapshot of 02:00, 2 computed live because their data changed since."
    )
    assert source_sentence(table(1, changed=[1]), total=True) == (
        "Total: computed live, data changed since the snapshot."
    )


def test_one_row_changed_and_one_without_a_snapshot():
    assert source_sentence(table(3, changed=[1], missing=[2])) == (
        "1 row from the snapshot of 02:00, 1 computed live because its data changed since, "
        "1 computed live because it has no snapshot of today."
    )


def test_everything_live():
    assert source_sentence(table(2, changed=[1, 2])) == "Live: data changed since the snapshot."
    none = table(2, missing=[1, 2], snapshot=False)
    assert _sources(none, table(1, missing=[1], snapshot=False)) == [
        "Computed live at 12:05 (no snapshot of today): every row and the total."
    ]
