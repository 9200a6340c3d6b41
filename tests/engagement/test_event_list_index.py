"""A force's events are read newest first from an index (``event_force_newest``), not sorted:
the events list and API take the first page of a force-wide caller's events by
``-start, -id`` (issue 14: a Met-size force's first page sorted its 60,000 events, 24 ms)."""

import pytest
from django.db import connection, transaction

from engagement.selectors import events_visible
from npms.scope import Scope


@pytest.mark.django_db
def test_a_force_wide_first_page_reads_the_index_in_order(personas):
    page = events_visible(Scope.of(personas["force_admin"])).order_by("-start", "-id")[:51]
    sql, params = page.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # With a handful of rows a sequential scan would win; forbid it and a sort, so the
        # plan shows whether an index gives this order (a sort, if one must, still shows).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "event_force_newest" in plan, plan
    assert "Sort" not in plan, plan
