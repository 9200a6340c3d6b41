"""The nightly fan-out task handed back by Redis (issue 14): acks are late, so a worker lost
while running ``snapshot_night_fanout`` gets the same message, with the same task id, to
another worker. That delivery must not plan a second night for the same date: it finds the
night the first one planned, and sends it if the first was lost before sending it. A
different task for the same date (an operator's run) is still a night of its own."""

import datetime as dt

import pytest

from dashboards import services, tasks
from dashboards.models import SnapshotNight
from tests import factories as f

TODAY = dt.date(2025, 7, 1)  # every period ends on 30 June: 18 figures per scope


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def duty(world):
    f.posted_duty(world.alpha, date=dt.date(2025, 6, 30), hours="8")


def _deliver(task_id: str) -> int:
    """The fan-out task as a worker runs a delivery of it: eagerly, with that task id."""
    return tasks.snapshot_night_fanout.apply(args=[TODAY.isoformat()], task_id=task_id).get()


def test_a_second_delivery_of_the_same_task_plans_no_second_night(world, duty, sent):
    with sent():
        first = _deliver("fanout-1")
    with sent():
        again = _deliver("fanout-1")

    assert again == first
    night = SnapshotNight.objects.get()
    # Two pieces (Testshire, Otherforce), each run once: Testshire's 3 teams, 2 BCUs and force
    # and Otherforce's team, BCU and force, 9 scopes x 18 figures.
    assert (night.status, night.pieces, night.pieces_done, night.rows) == ("complete", 2, 2, 162)
    assert [p.attempts for p in night.piece_set.order_by("id")] == [1, 1]


def test_a_night_planned_but_never_sent_is_sent_by_the_second_delivery(world, duty, sent):
    # The first delivery's worker was lost after the night was recorded, before its pieces
    # were sent: nothing would ever run them.
    planned = services.snapshot_night_create(today=TODAY, task_id="fanout-2")
    assert (planned.status, planned.sent_at) == ("running", None)

    with sent():
        again = _deliver("fanout-2")

    assert again == planned.pk
    night = SnapshotNight.objects.get()
    assert (night.status, night.pieces_done, night.rows) == ("complete", 2, 162)
    assert night.sent_at is not None


def test_another_task_for_the_same_date_is_a_night_of_its_own(world, duty, sent):
    with sent():
        first = _deliver("fanout-3")
    with sent():
        second = _deliver("fanout-4")

    assert second != first
    assert [n.status for n in SnapshotNight.objects.order_by("id")] == ["complete", "complete"]
