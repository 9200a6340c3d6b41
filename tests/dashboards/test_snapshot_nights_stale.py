"""A night whose piece was lost (its worker and the broker's redelivery gone, or no worker
takes its queue) ends partial instead of running for good (issue 14 item 3, issue 15 item 3)."""

import datetime as dt

from django.utils import timezone

from dashboards import services
from dashboards.models import SnapshotNight, SnapshotPiece


def test_a_lost_piece_is_failed_and_the_night_closed(world, settings):
    settings.SNAPSHOT_PIECE_STALE_SECONDS = 600
    night = services.snapshot_night_create(today=dt.date(2025, 7, 1))
    other, testshire = night.piece_set.order_by("label")
    services.snapshot_piece_run(piece_id=other.pk, ran_on="in-process")
    night.refresh_from_db()
    assert (night.status, night.pieces_done) == ("running", 1)

    # Nine minutes after Testshire's piece was sent: not stale yet.
    now = timezone.now()
    assert services.snapshot_nights_fail_stale(now=now + dt.timedelta(minutes=9)) == 0
    # Eleven minutes: failed, and the night ends partial naming it.
    assert services.snapshot_nights_fail_stale(now=now + dt.timedelta(minutes=11)) == 1
    night.refresh_from_db()
    testshire.refresh_from_db()
    assert testshire.status == SnapshotPiece.Status.FAILED
    assert testshire.message.startswith("Lost: no result within 10 minutes")
    assert (night.status, night.pieces_done, night.pieces_failed) == ("partial", 1, 1)
    assert night.message.startswith("1 of 2 pieces failed: Testshire Police (Lost: no result")

    # Delivered late after all, it runs, and the night is complete after all.
    services.snapshot_piece_run(piece_id=testshire.pk, ran_on="in-process")
    night.refresh_from_db()
    assert (night.status, night.pieces_done, night.pieces_failed, night.message) == (
        SnapshotNight.Status.COMPLETE,
        2,
        0,
        "",
    )
    assert night.rows == 54 + 108


def test_a_night_with_no_force_is_complete_at_once(db):
    night = services.snapshot_night_create(today=dt.date(2025, 7, 1))
    assert (night.status, night.pieces, night.rows) == ("complete", 0, 0)
    assert night.finished_at is not None
