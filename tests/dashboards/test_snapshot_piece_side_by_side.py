"""A piece of a night computes the two halves of the snapshot job side by side on database
connections of their own, as the single run does (issue 14: the one pass over the duty hours
and "the rest", every other metric, each in a thread), while the piece's connection writes
what they hand over, instead of one after the other inside a transaction. The piece's write
is still one transaction."""

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
    # This connection wrote (the DELETE and the INSERTs of the one transaction); the one pass
    # read the duty hours (weekly sums) and the rest the priorities (priority ageing) on
    # connections of their own.
    assert any("INSERT INTO dashboards_metricsnapshot" in text for text in sql)
    assert any('DELETE FROM "dashboards_metricsnapshot"' in text for text in sql)
    assert not any("FROM teams_dutyweek" in text for text in sql)
    assert not any('"priorities_priority"' in text for text in sql)
