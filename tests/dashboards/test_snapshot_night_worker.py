"""The nightly snapshot fan-out on a REAL Celery worker with two pool processes (issue 14
item 3): a separate ``celery worker -P prefork --concurrency 2`` on the private Redis, against
this test database (tests/dashboards/conftest.py), taking the test's default queue and a queue
of Otherforce's own (SNAPSHOT_QUEUES).

The set-up is the test world's two forces: Otherforce (1 BCU, 1 team) stays one piece;
Testshire (2 BCUs, 3 teams) is split per BCU by a threshold of 2 teams. Pieces, counted by
hand: Otherforce; Testshire / North (Alpha, Bravo, North); Testshire / South (Charlie, South);
Testshire's force row. Every period of the night of 1 July 2025 ends on 30 June, so each scope
has 18 figures (3 period metrics x 3 periods + 9 point metrics): 54 + 54 + 36 + 18 = 162.
"""

import datetime as dt

import pytest
from django.db import connection

from dashboards import services
from dashboards.models import MetricSnapshot, SnapshotNight
from tests import factories as f
from tests.dashboards.conftest import table_locked, wait_for, waiting_for_lock

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2025, 7, 1)
PIECES = [
    ("Otherforce Police", 54),
    ("Testshire Police / North (2 teams)", 54),
    ("Testshire Police / South (1 team)", 36),
    ("Testshire Police (force row)", 18),
]


@pytest.fixture
def two_forces(world, settings, queue, new_queue):
    """The world with duty time in both forces, Testshire split per BCU and Otherforce on a
    queue of its own. Returns (default queue, Otherforce's queue)."""
    settings.SNAPSHOT_SPLIT_TEAMS = 2
    other_queue = new_queue()
    settings.SNAPSHOT_QUEUES = {"otherforce": other_queue}
    for team, hours, activity in [
        (world.alpha, "6", "patrol"),
        (world.alpha, "2", "response_cover"),
        (world.charlie, "8", "engagement"),
        (world.other_team, "5", "patrol"),
        (world.other_team, "5", "custody_cover"),
    ]:
        f.posted_duty(team, date=dt.date(2025, 6, 30), hours=hours, activity=activity)
    return queue, other_queue


def _snapshots() -> dict:
    return {
        (s.metric, s.scope_type, s.scope_id, s.start, s.end): s.value
        for s in MetricSnapshot.objects.all()
    }


def _scopes() -> set:
    return set(MetricSnapshot.objects.values_list("scope_type", "scope_id").distinct())


def _finished(night_id: int) -> SnapshotNight | None:
    night = SnapshotNight.objects.get(pk=night_id)
    return night if night.status != SnapshotNight.Status.RUNNING else None


def _finish_steps(tmp_path) -> int:
    """How many of the chord's final steps the worker has run (its log)."""
    log = (tmp_path / "worker.log").read_text()
    return sum(
        1
        for line in log.splitlines()
        if "dashboards.snapshot_night_finish[" in line and "succeeded" in line
    )


def _every_scope(world) -> set:
    return {
        ("team", world.alpha.id),
        ("team", world.bravo.id),
        ("team", world.charlie.id),
        ("team", world.other_team.id),
        ("bcu", world.north.id),
        ("bcu", world.south.id),
        ("bcu", world.other_bcu.id),
        ("force", world.force.id),
        ("force", world.other_force.id),
    }


def test_the_night_completes_on_two_processes_and_a_rerun_writes_the_same_rows(
    world, two_forces, start_worker, tmp_path
):
    default_queue, other_queue = two_forces
    services.snapshot_nightly(today=TODAY)  # the single-process run, to compare with
    single = _snapshots()
    MetricSnapshot.objects.all().delete()
    start_worker("prefork", concurrency=2, queues=[default_queue, other_queue])

    night = services.snapshot_night_start(today=TODAY)  # autocommit: sent at once
    night = wait_for(lambda: _finished(night.pk), "the night to finish")

    assert (night.status, night.pieces, night.pieces_done, night.pieces_failed) == (
        "complete",
        4,
        4,
        0,
    )
    pieces = list(night.piece_set.all())
    assert [(p.label, p.rows) for p in pieces] == PIECES
    assert {p.status for p in pieces} == {"done"} and night.rows == 162
    # Each piece was taken from its force's queue by the worker.
    assert [p.ran_on.rsplit("queue=", 1)[1] for p in pieces] == [
        other_queue,
        default_queue,
        default_queue,
        default_queue,
    ]
    assert all(p.ran_on.startswith(f"{default_queue}@") for p in pieces)
    # Every team, BCU and force has its 18 figures, equal to the single-process run's.
    assert _scopes() == _every_scope(world)
    assert MetricSnapshot.objects.count() == 162
    assert _snapshots() == single
    wait_for(lambda: _finish_steps(tmp_path) == 1, "the chord's final step")

    # The same night again: the same rows (replaced, not added to).
    again = services.snapshot_night_start(today=TODAY)
    again = wait_for(lambda: _finished(again.pk), "the second night to finish")
    assert (again.status, again.rows) == ("complete", 162)
    assert MetricSnapshot.objects.count() == 162
    assert _snapshots() == single
    wait_for(lambda: _finish_steps(tmp_path) == 2, "the second final step")


def test_a_failing_piece_leaves_the_night_partial_and_the_others_written(
    world, two_forces, start_worker
):
    default_queue, other_queue = two_forces
    f.PriorityFactory(neighbourhood=world.other_neighbourhood, date_set=dt.date(2025, 5, 1))
    services.snapshot_nightly(today=TODAY)
    other_scopes = {
        ("team", world.other_team.id),
        ("bcu", world.other_bcu.id),
        ("force", world.other_force.id),
    }
    before = {k: v for k, v in _snapshots().items() if k[1:3] in other_scopes}
    assert len(before) == 54
    MetricSnapshot.objects.exclude(scope_type="force", scope_id=world.other_force.id).exclude(
        scope_type="bcu", scope_id=world.other_bcu.id
    ).exclude(scope_type="team", scope_id=world.other_team.id).delete()
    # A review period of two billion days is accepted by the model, but "30 June minus the
    # period" is no date PostgreSQL can hold: Otherforce's priority ageing raises.
    world.other_force.priority_review_days = 2_000_000_000
    world.other_force.full_clean()
    world.other_force.save()
    start_worker("prefork", concurrency=2, queues=[default_queue, other_queue])

    night = services.snapshot_night_start(today=TODAY)
    night = wait_for(lambda: _finished(night.pk), "the night to finish")

    assert (night.status, night.pieces_done, night.pieces_failed, night.rows) == (
        "partial",
        3,
        1,
        54 + 36 + 18,
    )
    failed = night.piece_set.get(status="failed")
    assert failed.label == "Otherforce Police"
    assert failed.attempts == 1  # a data error is not retried
    assert "date out of range" in failed.message
    assert night.message.startswith("1 of 4 pieces failed: Otherforce Police (DataError")
    # Testshire's pieces wrote every one of its scopes; Otherforce's are last night's.
    assert _scopes() == _every_scope(world)
    assert MetricSnapshot.objects.count() == 162
    assert {k: v for k, v in _snapshots().items() if k[1:3] in other_scopes} == before


def test_a_piece_whose_database_connection_is_lost_is_retried(world, two_forces, start_worker):
    default_queue, other_queue = two_forces
    services.snapshot_nightly(today=TODAY)
    single = _snapshots()
    start_worker("prefork", concurrency=2, queues=[default_queue, other_queue])
    # Each piece reads the priorities (priority ageing, its 4th metric): with the table locked,
    # the first two pieces (one per pool process) wait there; their connections are then
    # terminated by the server, as in a database restart or fail-over. (A piece whose one pass
    # is done has begun its write meanwhile, issue 14, and the other's may wait for the write
    # lock: only the priorities' waiters are counted.)
    with table_locked("priorities_priority"):
        night = services.snapshot_night_start(today=TODAY)
        blocked = wait_for(
            lambda: (lambda pids: pids if len(pids) == 2 else None)(
                waiting_for_lock("priorities_priority")
            ),
            "two pieces to wait for the lock",
        )
        with connection.cursor() as cursor:
            for pid in blocked:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    night = wait_for(lambda: _finished(night.pk), "the night to finish")

    assert (night.status, night.pieces_done, night.rows) == ("complete", 4, 162)
    # The two pieces that lost their connection ran twice; the others once.
    assert sorted(p.attempts for p in night.piece_set.all()) == [1, 1, 2, 2]
    assert all(p.message == "" for p in night.piece_set.all())
    assert _snapshots() == single
