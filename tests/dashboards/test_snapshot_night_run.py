"""The nightly snapshot job as a fan-out of pieces with a final step (issue 14 item 3), run
eagerly in the test process: the night's record, the rows of each piece, idempotence, and a
piece that fails. tests/dashboards/test_snapshot_night_worker.py runs it on a real worker."""

import datetime as dt

import pytest

from dashboards import services, tasks
from dashboards.models import MetricSnapshot, SnapshotNight
from tests import factories as f

TODAY = dt.date(2025, 7, 1)  # every period ends on 30 June: 18 figures per scope


def _snapshots() -> dict:
    return {
        (s.metric, s.scope_type, s.scope_id, s.start, s.end): s.value
        for s in MetricSnapshot.objects.all()
    }


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def duty(world):
    """4 h patrol and 4 h response cover in Alpha, 6 h patrol in Otherforce's team."""
    for team, hours, activity in [
        (world.alpha, "4", "patrol"),
        (world.alpha, "4", "response_cover"),
        (world.other_team, "6", "patrol"),
    ]:
        f.posted_duty(team, date=dt.date(2025, 6, 30), hours=hours, activity=activity)


def test_the_night_completes_with_the_single_run_values(world, duty, sent):
    services.snapshot_nightly(today=TODAY)
    single = _snapshots()
    MetricSnapshot.objects.all().delete()

    with sent():  # the chord is sent when the night's rows commit
        night_id = tasks.snapshot_night_fanout.delay(TODAY.isoformat()).get()

    night = SnapshotNight.objects.get(pk=night_id)
    assert (night.status, night.date, night.pieces, night.pieces_done) == ("complete", TODAY, 2, 2)
    assert night.finished_at >= night.started_at and night.message == ""
    # Otherforce: 1 team + 1 BCU + the force = 3 scopes x 18; Testshire: 3 teams + 2 BCUs +
    # the force = 6 scopes x 18.
    assert [(p.label, p.status, p.rows, p.attempts) for p in night.piece_set.all()] == [
        ("Otherforce Police", "done", 54, 1),
        ("Testshire Police", "done", 108, 1),
    ]
    assert night.rows == 162
    assert _snapshots() == single
    alpha = _snapshots()[
        ("abstraction", "team", world.alpha.id, dt.date(2025, 6, 30), dt.date(2025, 6, 30))
    ]
    assert alpha["rate"] == 0.5  # 4 h response cover of 8 h


def test_split_pieces_write_the_same_rows_and_a_rerun_replaces_them(world, duty, settings, sent):
    settings.SNAPSHOT_SPLIT_TEAMS = 2
    services.snapshot_nightly(today=TODAY)
    single = _snapshots()
    with sent():
        first = services.snapshot_night_start(today=TODAY)
    first.refresh_from_db()
    assert [(p.label, p.rows) for p in first.piece_set.all()] == [
        ("Otherforce Police", 54),
        ("Testshire Police / North (2 teams)", 54),  # Alpha, Bravo, North
        ("Testshire Police / South (1 team)", 36),  # Charlie, South
        ("Testshire Police (force row)", 18),
    ]
    assert (first.status, first.pieces_done, first.rows) == ("complete", 4, 162)
    ids = set(MetricSnapshot.objects.values_list("id", flat=True))
    assert _snapshots() == single

    with sent():
        second = services.snapshot_night_start(today=TODAY)
    second.refresh_from_db()
    assert (second.status, second.rows) == ("complete", 162)
    assert MetricSnapshot.objects.count() == 162
    assert _snapshots() == single
    assert ids.isdisjoint(MetricSnapshot.objects.values_list("id", flat=True))  # replaced
    assert SnapshotNight.objects.filter(date=TODAY).count() == 2


def test_a_failing_piece_leaves_the_night_partial_and_its_old_snapshots(
    world, duty, settings, sent
):
    settings.SNAPSHOT_SPLIT_TEAMS = 2
    f.PriorityFactory(neighbourhood=world.other_neighbourhood, date_set=dt.date(2025, 5, 1))
    services.snapshot_nightly(today=TODAY)
    before = {k: v for k, v in _snapshots().items() if (k[1], k[2]) in _otherforce_scopes(world)}
    old_ids = set(
        MetricSnapshot.objects.filter(
            scope_type="force", scope_id=world.other_force.id
        ).values_list("id", flat=True)
    )
    _policy_that_cannot_be_computed(world.other_force)
    # New duty time in both forces: the failed force keeps its old figures, the other moves on.
    for team in (world.alpha, world.other_team):
        f.posted_duty(team, date=dt.date(2025, 6, 30), hours="8", activity="custody_cover")

    with sent():
        night = services.snapshot_night_start(today=TODAY)
    night.refresh_from_db()

    assert (night.status, night.pieces, night.pieces_done, night.pieces_failed) == (
        "partial",
        4,
        3,
        1,
    )
    failed = night.piece_set.get(status="failed")
    assert failed.label == "Otherforce Police"
    assert failed.message.startswith("DataError")
    assert night.message.startswith("1 of 4 pieces failed: Otherforce Police (DataError")
    assert night.rows == 54 + 36 + 18
    after = _snapshots()
    assert {k: v for k, v in after.items() if (k[1], k[2]) in _otherforce_scopes(world)} == before
    assert old_ids <= set(MetricSnapshot.objects.values_list("id", flat=True))
    alpha = after[
        ("abstraction", "team", world.alpha.id, dt.date(2025, 6, 30), dt.date(2025, 6, 30))
    ]
    assert alpha["rate"] == 0.75  # (4 + 8) / 16: the pieces that ran wrote tonight's figures
    assert MetricSnapshot.objects.count() == 162


def _otherforce_scopes(world) -> set:
    return {
        ("team", world.other_team.id),
        ("bcu", world.other_bcu.id),
        ("force", world.other_force.id),
    }


def _policy_that_cannot_be_computed(force) -> None:
    """A review period of two billion days: accepted by the model (no upper bound), but "the
    day minus the review period" is before any date PostgreSQL (or Python) can hold, so the
    priority-ageing figures of this force's open priority cannot be computed: the compute
    raises (PostgreSQL: "date out of range")."""
    force.priority_review_days = 2_000_000_000
    force.full_clean()
    force.save()
