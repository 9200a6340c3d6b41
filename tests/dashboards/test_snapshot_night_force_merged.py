"""A force merged into another while its night runs (issue 14 item 3): its piece goes with the
force row (on delete cascade), and the night still ends instead of running for good, with the
merged force's snapshots deleted. Pieces: Otherforce and Testshire, one each (not split)."""

import datetime as dt

from dashboards import services
from dashboards.models import MetricSnapshot, SnapshotNight
from dashboards.tasks import snapshot_piece

TODAY = dt.date(2025, 7, 1)


def test_the_night_ends_when_a_pieces_force_is_merged_away(world):
    services.snapshot_nightly(today=TODAY)  # last night's rows, Otherforce's among them
    night = services.snapshot_night_create(today=TODAY)
    testshire = night.piece_set.get(label="Testshire Police")
    # Otherforce is merged into Testshire before its piece runs.
    merged_id = world.other_force.id
    world.other_neighbourhood.force = world.force
    world.other_neighbourhood.save()
    world.other_bcu.force = world.force
    world.other_bcu.save()
    world.other_force.delete()
    assert night.piece_set.count() == 1

    services.snapshot_piece_run(piece_id=testshire.pk, ran_on="in-process")

    night = SnapshotNight.objects.get(pk=night.pk)
    # Testshire now has 4 teams, 3 BCUs and the force: 8 scopes x 18 figures.
    assert (night.status, night.pieces_done, night.pieces_failed, night.rows) == (
        "complete",
        1,
        0,
        8 * 18,
    )
    assert night.finished_at is not None
    assert not MetricSnapshot.objects.filter(scope_type="force", scope_id=merged_id).exists()
    assert MetricSnapshot.objects.count() == 8 * 18


def test_a_piece_message_for_a_merged_forces_piece_does_not_fail_the_chord(world):
    """The merged force's message is still queued when its piece row is gone: the task ends
    saying so instead of raising (a raised error would fail the chord, and its final step, which
    closes the night, would never run)."""
    night = services.snapshot_night_create(today=TODAY)
    gone = night.piece_set.get(label="Otherforce Police").pk
    world.other_bcu.force = world.force
    world.other_bcu.save()
    world.other_neighbourhood.force = world.force
    world.other_neighbourhood.save()
    world.other_force.delete()

    result = snapshot_piece.apply(args=[gone])

    assert (result.successful(), result.result) == (True, "gone")
