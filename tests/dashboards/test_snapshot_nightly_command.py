"""``manage.py snapshot_nightly``: the night run in-process for an operator, with no broker,
reporting each piece (issue 14 item 3)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from dashboards.models import MetricSnapshot, SnapshotNight
from tests import factories as f


def _run(*args) -> str:
    out = StringIO()
    call_command("snapshot_nightly", *args, stdout=out)
    return out.getvalue()


def test_runs_every_piece_and_reports_each(world):
    out = _run("--date", "2025-07-01", "--split-teams", "2")
    night = SnapshotNight.objects.get()
    # Rows per piece: 18 figures per scope (see test_snapshot_night_run).
    assert out.splitlines() == [
        "  done    Otherforce Police: 54 figures",
        "  done    Testshire Police / North (2 teams): 54 figures",
        "  done    Testshire Police / South (1 team): 36 figures",
        "  done    Testshire Police (force row): 18 figures",
        f"Night {night.pk} for 2025-07-01: complete, 4 of 4 pieces done, 162 figures.",
    ]
    assert night.date == dt.date(2025, 7, 1)
    assert {p.ran_on for p in night.piece_set.all()} == {"in-process"}
    assert MetricSnapshot.objects.count() == 162


def test_a_failed_piece_is_reported_and_the_command_fails(world):
    f.PriorityFactory(neighbourhood=world.other_neighbourhood, date_set=dt.date(2025, 5, 1))
    world.other_force.priority_review_days = 2_000_000_000  # no date is that far back
    world.other_force.save()
    out = StringIO()
    with pytest.raises(CommandError, match=r"^1 of 2 pieces failed: Otherforce Police \("):
        call_command("snapshot_nightly", "--date", "2025-07-01", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("  FAILED  Otherforce Police: DataError: date out of range")
    assert lines[1] == "  done    Testshire Police: 108 figures"
    assert lines[2].endswith("for 2025-07-01: partial, 1 of 2 pieces done, 108 figures.")


@pytest.mark.parametrize(
    "args,message",
    [
        (["--date", "2025-02-30"], "--date '2025-02-30' is not a date"),
        (["--split-teams", "0"], "--split-teams must be 1 or more"),
    ],
)
def test_bad_arguments_are_refused_naming_them(db, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args)
    assert not SnapshotNight.objects.exists()
