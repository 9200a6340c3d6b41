"""The settings of the nightly fan-out (issue 14 item 3): beat runs the fan-out, the split
threshold and per-force queues come from the environment, read strictly at start-up."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from dashboards import tasks
from npms.celery import app
from npms.settings.env import env_map


def test_beat_runs_the_fan_out_and_the_stale_sweep():
    schedule = app.conf.beat_schedule
    assert schedule["metric-snapshots-nightly"]["task"] == "dashboards.snapshot_night_fanout"
    assert schedule["metric-snapshot-nights-stale"]["task"] == (
        "dashboards.snapshot_nights_fail_stale"
    )
    for name in (
        "dashboards.snapshot_night_fanout",
        "dashboards.snapshot_piece",
        "dashboards.snapshot_night_finish",
        "dashboards.snapshot_nights_fail_stale",
    ):
        assert app.tasks[name].name == name
    assert tasks.snapshot_piece.max_retries == 3


def test_defaults():
    # Defaults of npms.settings.base, with nothing in the environment: split above 200 teams,
    # every force on the default queue; a lost piece fails after 2 x 30 + 10 = 70 minutes.
    from npms.settings import base

    assert base.SNAPSHOT_SPLIT_TEAMS == 200
    assert base.SNAPSHOT_QUEUES == {}
    assert base.SNAPSHOT_PIECE_STALE_SECONDS == 70 * 60


def test_queues_from_the_environment(monkeypatch):
    monkeypatch.setenv("SNAPSHOT_QUEUES", " metropolitan=snapshots-met, kent = snapshots-se ,")
    assert env_map("SNAPSHOT_QUEUES", {}) == {
        "metropolitan": "snapshots-met",
        "kent": "snapshots-se",
    }
    monkeypatch.setenv("SNAPSHOT_QUEUES", "")
    assert env_map("SNAPSHOT_QUEUES", {}) == {}


@pytest.mark.parametrize("value", ["metropolitan", "=q", "kent=", "a=b=c"])
def test_a_malformed_queue_map_stops_start_up_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv("SNAPSHOT_QUEUES", value)
    with pytest.raises(ImproperlyConfigured, match="SNAPSHOT_QUEUES"):
        env_map("SNAPSHOT_QUEUES", {})
