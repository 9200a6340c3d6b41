"""The one-BCU pieces of nights recorded before pieces grouped BCUs (issue 14 item 3) are
migrated to "bcus" pieces of that one BCU (dashboards 0007), so a rerun of such a night still
runs them; and back, while no piece has several BCUs."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from dashboards import services
from dashboards.models import SnapshotNight

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("dashboards", "0006_snapshot_value_lz4_compression")]


def _latest() -> list[tuple[str, str]]:
    """The app's last migration: through 0007, and on to the schema the models have now."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes("dashboards")


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_an_old_nights_one_bcu_piece_is_migrated_and_rerun(world):
    old = _migrate(BEFORE)
    try:
        Night = old.get_model("dashboards", "SnapshotNight")
        Piece = old.get_model("dashboards", "SnapshotPiece")
        now = dt.datetime(2025, 7, 1, 1, 30, tzinfo=dt.UTC)
        night = Night.objects.create(
            date=dt.date(2025, 7, 1),
            status="partial",
            pieces=2,
            pieces_done=1,
            pieces_failed=1,
            started_at=now,
            finished_at=now,
        )
        Piece.objects.create(
            night=night,
            kind="bcu",
            force_id=world.force.id,
            bcu_id=world.north.id,
            label="Testshire Police / North",
            queue="celery",
            status="failed",
            message="Lost",
        )
        Piece.objects.create(
            night=night,
            kind="force_row",
            force_id=world.force.id,
            label="Testshire Police (force row)",
            queue="celery",
            status="done",
            rows=18,
        )
    finally:
        _migrate(_latest())

    piece = SnapshotNight.objects.get(pk=night.pk).piece_set.get(label="Testshire Police / North")
    assert piece.kind == "bcus"
    assert list(piece.bcus.all()) == [world.north]

    night = services.snapshot_night_rerun(night_id=night.pk)

    assert (night.status, night.rows) == ("complete", 3 * 18 + 18)  # Alpha, Bravo, North
    assert night.piece_set.get(pk=piece.pk).status == "done"
