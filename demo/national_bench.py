"""What only a national bench measures (``make bench BENCH_ARGS=--national``; issue 14 item 5):
national-level scans over every force, and the partitioning study of ``DutyRecord``.

The rest of the table (per-force dashboard and live metrics of the largest force, the
nightly job, API lists) is demo/bench.py's, run on the national database.

The partitioning study (``--partition-study``) copies the duty records twice into scratch
tables of the same columns and indexes, one plain and one declaratively partitioned by year
of ``date``, and times the same operations on both: period scans (a BCU-year, a force-year,
the nightly job's scan, the national year), deleting the oldest year for retention (DELETE
against DETACH + DROP PARTITION) and VACUUM. The scratch tables are dropped at the end; the
bench's own data is never changed.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from dashboards import selectors
from teams.models import BCU, DutyRecord, Force, Member, Team

from .bench import LIVE_METRIC, Row, Target, abstraction_sql, measure

PLAIN = "bench_duty_plain"
PARTITIONED = "bench_duty_partitioned"
NATIONAL_SCAN = Target("(national; none set)")


def describe_national() -> str:
    """One line: how many forces, BCUs, teams, staff and duty records the database holds."""
    return (
        f"{Force.objects.count()} forces, {BCU.objects.count():,} BCUs, "
        f"{Team.objects.count():,} teams, {Member.objects.count():,} staff, "
        f"{DutyRecord.objects.count():,} duty records"
    )


def national_rows(*, anchor: dt.date, runs: int, slow_runs: int, log=None) -> list[Row]:
    """The national-level scans over a year to ``anchor``: every live metric for every force
    at once (what a national view would compute with no snapshots), and the abstraction
    totals of every team, BCU and force in one hand-written statement."""
    log = log or (lambda message: None)
    year = (anchor - dt.timedelta(days=364), anchor)
    force_ids = list(Force.objects.order_by("pk").values_list("pk", flat=True))
    rows = [
        measure(
            f"Live metrics (all), all {len(force_ids)} forces, a year (selector)",
            LIVE_METRIC,
            lambda: selectors.live_rows(level="force", ids=force_ids, start=year[0], end=year[1]),
            runs=slow_runs,
        ),
        measure(
            "Hand-written SQL: abstraction totals, every force, a year",
            NATIONAL_SCAN,
            lambda: abstraction_sql(force_id=None, periods={"year": year}),
            runs=slow_runs,
        ),
    ]
    for row in rows:
        log(f"  {row.name}: {row.seconds:.3f} s")
    return rows


# --- the partitioning study -----------------------------------------------------------------


@dataclass
class Step:
    """One operation timed on the plain table and on the partitioned one."""

    name: str
    plain: float | None = None
    partitioned: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.plain or self.partitioned is None:
            return None
        return self.partitioned / self.plain


def _timed(sql: str, params=None) -> float:
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    return time.perf_counter() - started


def _vacuum(table: str, options: str = "") -> float:
    """VACUUM ``table`` (timed); inside a transaction (a test), where VACUUM cannot run,
    ANALYZE it instead."""
    if connection.in_atomic_block:
        return _timed(f"ANALYZE {table}")
    return _timed(f"VACUUM {options} {table}")


def _median(func: Callable[[], object], runs: int) -> float:
    func()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _index_sql(table: str) -> list[str]:
    """DutyRecord's secondary indexes, for ``table`` (created on a partitioned table, each
    is created on every partition)."""
    return [
        f"CREATE INDEX {table}_team_date ON {table} (team_id, date)"
        " INCLUDE (member_id, activity, hours, paid_overtime)",
        f"CREATE INDEX {table}_member_date ON {table} (member_id, date)",
        f"CREATE INDEX {table}_date_id ON {table} (date, id)",
    ]


def _years(first: dt.date, last: dt.date) -> list[int]:
    return list(range(first.year, last.year + 1))


def build_scratch_tables(*, log) -> tuple[dt.date, dt.date, dict[str, float]]:
    """The two scratch copies of the duty records, loaded in (date, id) order. The
    partitioned one has a partition per calendar year and its primary key is (id, date): a
    primary key on a partitioned table must include the partition key. Returns the first and
    last date and the seconds each load (with its indexes) took."""
    source = DutyRecord._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(date), max(date) FROM {source}")
        first, last = cursor.fetchone()
        for table in (PLAIN, PARTITIONED):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
        cursor.execute("SET maintenance_work_mem = '256MB'")
    loads = {}
    started = time.perf_counter()
    _timed(f"CREATE TABLE {PLAIN} (LIKE {source} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)")
    _timed(f"INSERT INTO {PLAIN} SELECT * FROM {source} ORDER BY date, id")
    _timed(f"ALTER TABLE {PLAIN} ADD PRIMARY KEY (id)")
    for sql in _index_sql(PLAIN):
        _timed(sql)
    loads["plain"] = time.perf_counter() - started
    log(f"  scratch plain table loaded in {loads['plain']:.1f} s")
    started = time.perf_counter()
    _timed(
        f"CREATE TABLE {PARTITIONED} (LIKE {source} INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
        " PARTITION BY RANGE (date)"
    )
    for year in _years(first, last):
        _timed(
            f"CREATE TABLE {PARTITIONED}_{year} PARTITION OF {PARTITIONED}"
            f" FOR VALUES FROM ('{year}-01-01') TO ('{year + 1}-01-01')"
        )
    _timed(f"INSERT INTO {PARTITIONED} SELECT * FROM {source} ORDER BY date, id")
    _timed(f"ALTER TABLE {PARTITIONED} ADD PRIMARY KEY (id, date)")
    for sql in _index_sql(PARTITIONED):
        _timed(sql)
    loads["partitioned"] = time.perf_counter() - started
    log(f"  scratch partitioned table loaded in {loads['partitioned']:.1f} s")
    return first, last, loads


def drop_scratch_tables() -> None:
    with connection.cursor() as cursor:
        for table in (PLAIN, PARTITIONED):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


def _period_sum(table: str, team_ids: list[int], start: dt.date, end: dt.date) -> Callable:
    """The shape of the live abstraction metric: hours by activity for some teams over a
    period (read from the covering (team, date) index)."""

    def run():
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT activity, sum(hours) FROM {table}"
                " WHERE team_id = ANY(%s) AND date BETWEEN %s AND %s AND NOT paid_overtime"
                " GROUP BY activity",
                [team_ids, start, end],
            )
            return cursor.fetchall()

    return run


def partition_study(*, force: Force, runs: int = 5, log=None) -> tuple[list[Step], dict]:
    """Time the same operations on a plain and a partitioned copy of the duty records (see the
    module docstring). Returns the steps and facts for the report (rows, dates, years)."""
    log = log or (lambda message: None)
    first, last, loads = build_scratch_tables(log=log)
    try:
        steps = _study_steps(force=force, first=first, last=last, runs=runs, log=log)
    finally:
        drop_scratch_tables()
    steps.insert(0, Step("Load the copy with its indexes", loads["plain"], loads["partitioned"]))
    facts = {
        "rows": DutyRecord.objects.count(),
        "first": first,
        "last": last,
        "years": _years(first, last),
    }
    return steps, facts


def _study_steps(*, force, first, last, runs, log) -> list[Step]:
    bcu = BCU.objects.filter(force=force).order_by("code").first()
    bcu_teams = list(Team.objects.filter(bcu=bcu).values_list("pk", flat=True))
    force_teams = list(Team.objects.filter(bcu__force=force).values_list("pk", flat=True))
    year = (last - dt.timedelta(days=364), last)
    # The nightly job's periods, as the bench runs it: "tonight" is the day after the data.
    periods = selectors.standard_periods(last + dt.timedelta(days=1))
    steps: list[Step] = []

    def both(name: str, make: Callable[[str], Callable], n: int = runs, note: str = "") -> None:
        step = Step(name, note=note)
        step.plain = _median(make(PLAIN), n)
        step.partitioned = _median(make(PARTITIONED), n)
        steps.append(step)
        log(f"  {name}: {step.plain:.3f} s / {step.partitioned:.3f} s")

    # VACUUM of a freshly loaded table: the first vacuum reads every page.
    for table, attr in ((PLAIN, "plain"), (PARTITIONED, "partitioned")):
        seconds = _vacuum(table, "(ANALYZE)")
        if not steps or steps[-1].name != "VACUUM (ANALYZE) after the load":
            steps.append(Step("VACUUM (ANALYZE) after the load"))
        setattr(steps[-1], attr, seconds)
    both(
        f"Period scan: BCU {bcu.code}, a year ({len(bcu_teams)} teams)",
        lambda t: _period_sum(t, bcu_teams, *year),
    )
    both(
        f"Period scan: {force.name}, a year ({len(force_teams)} teams)",
        lambda t: _period_sum(t, force_teams, *year),
    )
    both(
        "Nightly job's scan: every team, BCU and force, its periods (SQL)",
        lambda t: lambda: abstraction_sql(force_id=None, periods=periods, table=t),
    )
    both(
        "National scan: every team, BCU and force, a year (SQL)",
        lambda t: lambda: abstraction_sql(force_id=None, periods={"year": year}, table=t),
        n=max(1, min(runs, 3)),
    )
    # VACUUM with nothing to do (every page all-visible): what autovacuum costs routinely.
    step = Step("VACUUM, nothing changed since the last")
    step.plain = _vacuum(PLAIN)
    step.partitioned = _vacuum(PARTITIONED)
    steps.append(step)

    # Retention: the oldest calendar year goes. Plain: DELETE its rows; partitioned: DETACH
    # and DROP its partition. Then VACUUM (the plain table's dead rows and index entries).
    oldest = first.year
    cutoff = dt.date(oldest + 1, 1, 1)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {PLAIN} WHERE date < %s", [cutoff])
        deleted = cursor.fetchone()[0]
    step = Step(
        f"Retention: remove the year {oldest} ({deleted:,} rows)",
        note="DELETE / DETACH + DROP PARTITION",
    )
    step.plain = _timed(f"DELETE FROM {PLAIN} WHERE date < %s", [cutoff])
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {PARTITIONED} DETACH PARTITION {PARTITIONED}_{oldest}")
        cursor.execute(f"DROP TABLE {PARTITIONED}_{oldest}")
    step.partitioned = time.perf_counter() - started
    steps.append(step)
    step = Step("VACUUM after the retention")
    step.plain = _vacuum(PLAIN)
    step.partitioned = _vacuum(PARTITIONED)
    steps.append(step)
    # A whole year's DELETE (what retention deletes each year once the data is older than
    # the review period), in a transaction rolled back: the partitioned table drops a
    # partition instead, as above.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {PLAIN}")
        remaining = cursor.fetchone()[0]
    step = Step(
        f"Retention: DELETE a whole year ({remaining:,} rows, rolled back)",
        note="plain only; partitioned: DROP PARTITION as above",
    )
    with transaction.atomic():
        step.plain = _timed(f"DELETE FROM {PLAIN}")
        transaction.set_rollback(True)
    steps.append(step)
    return steps


def study_markdown(steps: list[Step], facts: dict) -> str:
    """The before/after table of the partitioning study (seconds; the ratio partitioned over
    plain, under 1 where partitioning is faster)."""
    lines = [
        "## Partitioning `DutyRecord` by year: measured",
        "",
        f"Two scratch copies of the {facts['rows']:,} duty records ({facts['first']} to "
        f"{facts['last']}), with the same columns and secondary indexes: one plain, one "
        f"declaratively partitioned by calendar year of `date` "
        f"({', '.join(str(y) for y in facts['years'])}; primary key (id, date)). "
        "Scans: median of the timed runs after a warm-up; the other steps run once.",
        "",
        "| Operation | Plain | Partitioned | Partitioned / plain | Note |",
        "|---|---:|---:|---:|---|",
    ]
    for step in steps:
        ratio = "" if step.ratio is None else f"{step.ratio:.2f}"
        lines.append(
            f"| {step.name} | {_seconds(step.plain)} | {_seconds(step.partitioned)} | "
            f"{ratio} | {step.note} |"
        )
    scans = [s.ratio for s in steps if s.ratio is not None and "scan" in s.name.lower()]
    retention = next((s for s in steps if s.name.startswith("Retention: remove")), None)
    whole_year = next((s for s in steps if s.name.startswith("Retention: DELETE")), None)
    lines.append("")
    if scans:
        lines.append(
            f"Measured in this run: the period scans take {min(scans):.2f} to "
            f"{max(scans):.2f} times as long partitioned as plain"
            + (
                f"; removing the oldest year takes {_seconds(retention.plain)} as a DELETE "
                f"and {_seconds(retention.partitioned)} as DETACH + DROP PARTITION"
                if retention
                else ""
            )
            + (
                f", and a DELETE of a year's rows {_seconds(whole_year.plain)}"
                if whole_year
                else ""
            )
            + "."
        )
        lines.append("")
    lines.append(CONCLUSION)
    return "\n".join(lines) + "\n"


# The decision the measurements led to (issue 14 item 5), kept with the table the bench
# writes; the figures it rests on are the table's.
CONCLUSION = """\
**Conclusion: no partitioning now.** The period scans do not need it: partitioned they take
from about two thirds to about 1.2 times as long as plain, with no consistent winner (first
measured on a shared machine at load average 8-9, where the noise is of that order). Each
scan reads the covering `(team, date)` index, or the `(date, id)` index, for its own period
only, so the other years beside it cost it little; a year partition saves a one-year scan
nothing. Partitioning wins clearly for retention only: DETACH + DROP PARTITION removes a year
in a fraction of a second and leaves nothing to VACUUM, where DELETE takes seconds to tens of
seconds for a year at national size and leaves its dead rows and index entries to VACUUM
(and the table bloated until they are reused). That is a once-a-year job, tolerable at 11
million rows a year; and duty records have no retention rule yet (dashboards/retention.py
covers plans, priorities, contacts and key individuals, after six years under MoPI), so
nothing deletes them today.

What partitioning would take in Django, when a duty-record retention rule arrives: the
table recreated as `PARTITION BY RANGE (date)` with a partition a year (a migration of
`RunSQL` steps: create the partitioned table, copy the rows, swap the names, recreate the
indexes on the parent; under `SeparateDatabaseAndState`, so Django's model state is
unchanged); the primary key must include the partition key, so it becomes `(id, date)` in
the database while Django keeps `id` as its primary key (ids stay unique through the identity
sequence, but PostgreSQL no longer enforces that alone); no foreign key may point at the table
(none does: the change history, `HistoricalDutyRecord`, keeps ids without a constraint); a
yearly task (Celery beat) creates next year's partition ahead of time, and the retention
service detaches and drops the partitions past the review age, logging it as it logs the other
kinds. We recommend it together with that retention rule, not before."""


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f} s" if value >= 1 else f"{value * 1000:.1f} ms"
