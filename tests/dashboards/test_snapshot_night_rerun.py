"""An operator reruns a partial or failed night (issue 14 item 3): ``manage.py snapshot_nightly
--rerun NIGHT`` runs (or, with ``--queue``, sends) again only the night's failed pieces, and
the same night ends complete. tests/dashboards/test_snapshot_night_worker_killed.py reruns a
night whose worker was killed, on a real worker.

Otherforce's piece fails with a review period no date can hold (as in test_snapshot_night_run);
the operator fixes the policy and reruns. 18 figures per scope on the night of 1 July 2025:
Otherforce 3 scopes = 54, Testshire 6 scopes = 108.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dashboards import services
from dashboards.models import MetricSnapshot, SnapshotNight
from tests import factories as f

TODAY = dt.date(2025, 7, 1)


def _run(*args) -> str:
    out = StringIO()
    call_command("snapshot_nightly", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def partial(world) -> SnapshotNight:
    """A night whose Otherforce piece failed; its policy then fixed."""
    f.PriorityFactory(neighbourhood=world.other_neighbourhood, date_set=dt.date(2025, 5, 1))
    world.other_force.priority_review_days = 2_000_000_000
    world.other_force.save()
    night = services.snapshot_night_run(today=TODAY)
    assert (night.status, night.pieces_done, night.pieces_failed) == ("partial", 1, 1)
    world.other_force.priority_review_days = 90
    world.other_force.save()
    return night


def test_the_failed_pieces_run_again_and_the_night_is_complete(world, partial):
    testshire_rows = set(
        MetricSnapshot.objects.exclude(scope_type="force", scope_id=world.other_force.id)
        .exclude(scope_type="bcu", scope_id=world.other_bcu.id)
        .exclude(scope_type="team", scope_id=world.other_team.id)
        .values_list("id", "computed_at")
    )
    assert len(testshire_rows) == 108

    out = _run("--rerun", str(partial.pk))

    assert out.splitlines() == [
        "  done    Otherforce Police: 54 figures",
        f"Night {partial.pk} for 2025-07-01: complete, 2 of 2 pieces done, 162 figures.",
    ]
    night = SnapshotNight.objects.get()  # the same night, no new one
    assert (night.status, night.pieces_done, night.pieces_failed, night.message) == (
        "complete",
        2,
        0,
        "",
    )
    assert [(p.label, p.status, p.attempts) for p in night.piece_set.order_by("label")] == [
        ("Otherforce Police", "done", 2),
        ("Testshire Police", "done", 1),  # not run again
    ]
    assert MetricSnapshot.objects.count() == 162
    assert testshire_rows <= set(MetricSnapshot.objects.values_list("id", "computed_at"))


def test_queued_the_night_is_running_until_the_pieces_end(
    world, partial, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as sent:
        out = _run("--rerun", str(partial.pk), "--queue")
    assert out == f"Night {partial.pk}: 1 failed pieces queued again.\n"
    night = SnapshotNight.objects.get()
    assert (night.status, night.pieces_failed, night.finished_at) == ("running", 0, None)
    assert night.piece_set.get(label="Otherforce Police").status == "pending"

    for send in sent:  # the chord, run eagerly: the piece, then the final step
        send()
    night.refresh_from_db()
    assert (night.status, night.pieces_done, night.rows) == ("complete", 2, 162)


def test_a_piece_failing_again_leaves_the_night_partial(world, partial):
    world.other_force.priority_review_days = 2_000_000_000
    world.other_force.save()
    with pytest.raises(CommandError, match=r"^1 of 2 pieces failed: Otherforce Police \("):
        _run("--rerun", str(partial.pk))
    night = SnapshotNight.objects.get()
    assert (night.status, night.pieces_done, night.pieces_failed) == ("partial", 1, 1)
    assert night.piece_set.get(label="Otherforce Police").attempts == 2


@pytest.mark.parametrize(
    "args,message",
    [
        (["--rerun", "999999"], "There is no night 999999."),
        (["--rerun", "{night}", "--date", "2025-07-01"], "--rerun takes the night's own date"),
    ],
)
def test_bad_reruns_are_refused_naming_the_argument(world, args, message):
    night = services.snapshot_night_run(today=TODAY)
    with pytest.raises(CommandError, match=message):
        _run(*[a.format(night=night.pk) for a in args])


def test_a_complete_night_is_not_rerun(world):
    night = services.snapshot_night_run(today=TODAY)
    with pytest.raises(CommandError, match=f"Night {night.pk} is complete: only a partial"):
        _run("--rerun", str(night.pk))
    assert night.piece_set.filter(attempts=1).count() == 2
