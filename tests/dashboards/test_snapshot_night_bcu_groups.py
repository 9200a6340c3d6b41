"""A large force's night run as pieces of several whole BCUs (issue 14 item 3): what a grouped
piece writes, a rerun of one that failed, and a BCU deleted or moved between the night's
planning and its piece's run. tests/dashboards/test_snapshot_night_pieces.py plans them.

The world's Testshire gets a third BCU, West (Delta NPT): North 2 teams (Alpha, Bravo), South 1
(Charlie), West 1 (Delta), 4 in all. With SNAPSHOT_SPLIT_TEAMS = 3 it takes two groups (North
and South fill 3; West would make 4), cut evenly: North (2 teams), then South and West
together (2), and the force row; Otherforce is one piece. Every period of the night of 1 July
2025 ends on 30 June, so each scope has 18 figures (3 period metrics x 3 periods + 9 point
metrics): North's piece 3 scopes (Alpha, Bravo, North) = 54, the group's 4 (Charlie, Delta,
South, West) = 72, the force row 18, Otherforce's 3 scopes 54; 198 in all.

Duty time on 30 June, in every period of the night: Alpha 6 h patrol and 2 h response cover
(abstracted 2 of 8 h: 0.25); Charlie 2 h patrol and 2 h custody cover (2 of 4: 0.5); Delta
4 h patrol (0 of 4: 0). So North (Alpha and Bravo) 0.25, South 0.5, West 0, Testshire 4 of
16 h: 0.25.
"""

import datetime as dt

import pytest

from dashboards import services
from dashboards.models import MetricSnapshot, SnapshotNight
from tests import factories as f

TODAY = dt.date(2025, 7, 1)
NORTH = "Testshire Police / North (2 teams)"
GROUP = "Testshire Police / South, West (2 BCUs, 2 teams)"
ROW = "Testshire Police (force row)"


def _rates(scope_type: str, scope_id: int) -> list:
    """A scope's abstraction rate over each of the night's three periods."""
    return [
        value["rate"]
        for value in MetricSnapshot.objects.filter(
            metric="abstraction", scope_type=scope_type, scope_id=scope_id
        )
        .order_by("start")
        .values_list("value", flat=True)
    ]


def _snapshots() -> dict:
    return {
        (s.metric, s.scope_type, s.scope_id, s.start, s.end): s.value
        for s in MetricSnapshot.objects.all()
    }


def test_a_grouped_piece_writes_its_bcus_and_their_teams(world, west):
    services.snapshot_nightly(today=TODAY)  # the single run, to compare with
    single = _snapshots()
    MetricSnapshot.objects.all().delete()

    night = services.snapshot_night_run(today=TODAY)

    assert [(p.kind, p.label, p.status, p.rows) for p in night.piece_set.all()] == [
        ("force", "Otherforce Police", "done", 54),
        ("bcus", NORTH, "done", 54),
        ("bcus", GROUP, "done", 72),
        ("force_row", ROW, "done", 18),
    ]
    assert (night.status, night.pieces, night.rows) == ("complete", 4, 198)
    assert _rates("team", world.charlie.id) == [0.5, 0.5, 0.5]
    assert _rates("team", west.delta.id) == [0.0, 0.0, 0.0]
    assert _rates("bcu", world.south.id) == [0.5, 0.5, 0.5]
    assert _rates("bcu", west.id) == [0.0, 0.0, 0.0]
    assert _rates("bcu", world.north.id) == [0.25, 0.25, 0.25]
    assert _rates("force", world.force.id) == [0.25, 0.25, 0.25]
    assert _snapshots() == single


def test_a_failed_grouped_piece_is_rerun_and_the_night_completes(world, west):
    # A review period no date can hold: the priority figures of Testshire's scopes that have a
    # priority fail to compute (as in test_snapshot_night_run). The priority is in Cherry
    # Hinton (South): the group and the force row fail; North has none, Otherforce its own
    # policy.
    f.PriorityFactory(neighbourhood=world.c1, date_set=dt.date(2025, 5, 1))
    world.force.priority_review_days = 2_000_000_000
    world.force.save()
    night = services.snapshot_night_run(today=TODAY)
    assert [(p.label, p.status, p.rows) for p in night.piece_set.all()] == [
        ("Otherforce Police", "done", 54),
        (NORTH, "done", 54),
        (GROUP, "failed", 0),
        (ROW, "failed", 0),
    ]
    assert night.status == "partial"
    assert night.message.startswith(f"2 of 4 pieces failed: {GROUP} (DataError: ")
    world.force.priority_review_days = 90
    world.force.save()

    night = services.snapshot_night_rerun(night_id=night.pk)

    assert (night.status, night.pieces_done, night.pieces_failed, night.rows) == (
        "complete",
        4,
        0,
        198,
    )
    # Only the failed pieces ran again.
    assert [(p.label, p.status, p.rows, p.attempts) for p in night.piece_set.all()] == [
        ("Otherforce Police", "done", 54, 1),
        (NORTH, "done", 54, 1),
        (GROUP, "done", 72, 2),
        (ROW, "done", 18, 2),
    ]
    assert _rates("bcu", world.south.id) == [0.5, 0.5, 0.5]
    assert _rates("team", west.delta.id) == [0.0, 0.0, 0.0]


def _dissolve_south(world) -> None:
    """South into North: Charlie and Cherry Hinton move, South is deleted."""
    world.charlie.bcu = world.north
    world.charlie.save()
    world.c1.bcu = world.north
    world.c1.save()
    world.south.delete()


def _run_pieces(night) -> SnapshotNight:
    for piece in night.piece_set.order_by("id"):
        services.snapshot_piece_run(piece_id=piece.pk, ran_on="in-process")
    return SnapshotNight.objects.get(pk=night.pk)


def test_a_bcu_deleted_before_its_group_runs(world, west):
    night = services.snapshot_night_create(today=TODAY)
    south = world.south.id
    _dissolve_south(world)  # after planning, before the pieces run

    group = night.piece_set.get(label=GROUP)  # not gone with South
    assert list(group.bcus.all()) == [west]
    night = _run_pieces(night)

    assert [(p.label, p.status, p.rows) for p in night.piece_set.all()] == [
        ("Otherforce Police", "done", 54),
        (NORTH, "done", 4 * 18),  # its units read when it runs: Alpha, Bravo, Charlie, North
        (GROUP, "done", 2 * 18),  # Delta, West
        (ROW, "done", 18),
    ]
    assert (night.status, night.rows) == ("complete", 180)
    # North now has Charlie's duty time too: abstracted 4 of 12 h.
    assert _rates("bcu", world.north.id) == [pytest.approx(1 / 3)] * 3
    assert _rates("bcu", west.id) == [0.0, 0.0, 0.0]
    assert not MetricSnapshot.objects.filter(scope_type="bcu", scope_id=south).exists()


def test_a_group_whose_bcus_are_all_deleted_ends_done_with_nothing_written(world, west):
    night = services.snapshot_night_create(today=TODAY)
    _dissolve_south(world)
    west.delta.bcu = world.north
    west.delta.save()
    west.neighbourhoods.update(bcu=world.north)
    west.delete()

    assert services.snapshot_piece_units(night.piece_set.get(label=GROUP)) == []
    night = _run_pieces(night)

    assert [(p.label, p.status, p.rows) for p in night.piece_set.all()] == [
        ("Otherforce Police", "done", 54),
        (NORTH, "done", 5 * 18),  # Alpha, Bravo, Charlie, Delta, North
        (GROUP, "done", 0),
        (ROW, "done", 18),
    ]
    assert (night.status, night.rows) == ("complete", 162)
    # North holds all four teams: abstracted 4 of 16 h.
    assert _rates("bcu", world.north.id) == [0.25, 0.25, 0.25]
    assert _rates("team", west.delta.id) == [0.0, 0.0, 0.0]


def test_a_bcu_moved_to_another_force_before_its_group_runs(world, west):
    night = services.snapshot_night_create(today=TODAY)
    west.force = world.other_force
    west.save()
    west.neighbourhoods.update(force=world.other_force)

    night = _run_pieces(night)

    # Otherforce's piece (its units read when it runs) now has West and Delta too: 5 scopes.
    # The group still computes West and Delta: the same rows again.
    assert [(p.label, p.status, p.rows) for p in night.piece_set.all()] == [
        ("Otherforce Police", "done", 5 * 18),
        (NORTH, "done", 54),
        (GROUP, "done", 72),
        (ROW, "done", 18),
    ]
    assert night.status == "complete"
    assert _rates("bcu", west.id) == [0.0, 0.0, 0.0]
    assert MetricSnapshot.objects.filter(scope_type="bcu", scope_id=west.id).count() == 18
    # Testshire without West: abstracted 4 of 12 h.
    assert _rates("force", world.force.id) == [pytest.approx(1 / 3)] * 3
