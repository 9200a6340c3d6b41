"""A piece of a night computes the two halves of the snapshot job side by side on two
database connections, as the single run does (issue 14: the one pass over the duty rows on
the piece's connection; "the rest", every other metric, on a second one in a thread), instead
of one after the other inside a transaction. The piece's write is still one transaction."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards import services
from dashboards.models import MetricSnapshot

pytestmark = pytest.mark.django_db(transaction=True)  # no test transaction around the piece


def test_a_piece_computes_its_two_halves_on_two_connections(world):
    night = services.snapshot_night_create(today=dt.date(2025, 7, 1))
    piece = night.piece_set.get(label="Testshire Police")

    with CaptureQueriesContext(connection) as here:
        services.snapshot_piece_run(piece_id=piece.pk, ran_on="test")

    piece.refresh_from_db()
    # Testshire: 3 teams, 2 BCUs and the force, 18 figures each.
    assert (piece.status, piece.rows) == ("done", 6 * 18)
    assert MetricSnapshot.objects.count() == 6 * 18
    sql = [query["sql"] for query in here.captured_queries]
    # The one pass read the duty hours (weekly sums) on this connection; the priorities (priority
    # ageing, one of "the rest") were read on the other.
    assert any("FROM teams_dutyweek" in text for text in sql)
    assert not any('"priorities_priority"' in text for text in sql)
