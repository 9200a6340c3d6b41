"""manage.py bench --national --small on the test database: the 3-force national deployment
is built, the per-force table is measured on its largest force (the Met), the national scans
and the partitioning study run, and the results go to their own file. No timing is asserted."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from demo.bench import read_marker
from teams.models import BCU, DutyRecord, Force, Team

pytestmark = pytest.mark.django_db

NATIONAL_ROWS = [
    "Live metrics (all), all 3 forces, a year (selector)",
    "Hand-written SQL: abstraction totals, every force, a year",
]
STUDY_ROWS = [
    "Load the copy with its indexes",
    "VACUUM (ANALYZE) after the load",
    "Period scan: BCU B01, a year (13 teams)",
    "Period scan: Metropolitan Police Service (scale test), a year (13 teams)",
    "Nightly job's scan: every team, BCU and force, its periods (SQL)",
    "National scan: every team, BCU and force, a year (SQL)",
    "VACUUM, nothing changed since the last",
]


def test_national_small_bench_measures_the_met_the_nation_and_partitioning(tmp_path):
    output = tmp_path / "RESULTS-national.md"
    out = StringIO()
    call_command(
        "bench",
        "--national",
        "--small",
        "--current-db",
        "--partition-study",
        "--runs",
        "1",
        "--slow-runs",
        "1",
        "--output",
        str(output),
        stdout=out,
    )
    printed = out.getvalue()
    # 3 forces at a fiftieth: the Met 1 BCU and 13 teams, Greater Manchester and West
    # Midlands 1 BCU and 4 teams each (tests/demo/test_seed_national.py); 7 days of duty.
    assert Force.objects.count() == 3
    assert BCU.objects.count() == 3
    assert Team.objects.count() == 21
    marker = read_marker()
    assert marker["size"] == {
        "scale": "national",
        "forces": 3,
        "fraction": 0.02,
        "days": 7,
        "seed": 2008,
    }
    met = Force.objects.get(slug="metropolitan")
    assert marker["force_id"] == met.pk
    assert marker["all_duty_records"] == DutyRecord.objects.count()
    assert marker["duty_records"] == DutyRecord.objects.filter(team__bcu__force=met).count()

    text = output.read_text()
    assert "**The national deployment (--national)**" in text
    assert "- Force: 3 forces, 3 BCUs, 21 teams" in text
    assert "the largest, Metropolitan Police Service (scale test): 1 BCUs, 13 teams" in text
    table = [line.split(" | ")[0][2:] for line in text.splitlines() if line.startswith("| ")]
    # The per-force table, with the nightly job over every force, then the national rows.
    assert "Nightly snapshot job, all forces" in table
    assert "BCU dashboard page (from snapshots)" in table
    assert "API list: duty-records, first page of 50" in table
    assert table[table.index("API list: duty-records, first page of 50") + 1 :][:2] == (
        NATIONAL_ROWS
    )
    # The partitioning study: the data (2026-11-23 to 29 or so) lies in one calendar year,
    # so its retention step removes that year; every step has both figures.
    assert "## Partitioning `DutyRecord` by year: measured" in text
    study = table[table.index("Operation") + 1 :]
    assert study[: len(STUDY_ROWS)] == STUDY_ROWS
    assert any(name.startswith("Retention: remove the year ") for name in study)
    # The closing ratio line stays last, the same as printed.
    last = printed.rstrip("\n").splitlines()[-1]
    assert re.fullmatch(r"snapshot-job/sql-floor ratio: \d+\.\d\d", last)
    assert text.rstrip("\n").splitlines()[-1] == last
    # The scratch tables are gone; the bench's data is untouched.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class WHERE relname LIKE 'bench_duty_%%'")
        assert cursor.fetchone()[0] == 0
    assert marker["all_duty_records"] == DutyRecord.objects.count()
