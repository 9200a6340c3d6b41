"""manage.py bench (``make bench``): measure the figures of DESIGN.md section 10.

Builds a Metropolitan-Police-sized force once in its own database (``npms_bench``, selected
from the start with ``NPMS_DB_NAME`` as ``make bench`` does; reused while its marker matches),
then prints a table of timings (median and 95th percentile) and query counts beside the
targets, writes it with the machine it ran on to ``bench/RESULTS.md`` (``--output``), and
prints as its last line ``snapshot-job/sql-floor ratio: N.NN``.
Slowness is reported with FAIL, never turned into an error: the command always exits 0 once it
has measured.
"""

import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils import timezone

from demo import bench, national_bench
from teams.models import Force


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today: “{value}” is not a date in the form YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = (
        "Build (once) a Met-sized force in the database npms_bench and print the timings and "
        "query counts of DESIGN.md section 10 beside their targets."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Build the force again even if it is there."
        )
        parser.add_argument(
            "--small",
            action="store_true",
            help="A reduced force for a quick run: 2 BCUs (39 teams) and 30 days of duty.",
        )
        parser.add_argument(
            "--national",
            action="store_true",
            help="The 43 forces of England and Wales (seed_demo --scale national, about 11 "
            f"million duty records) in {bench.NATIONAL_DATABASE}: the same table for the "
            "largest force, national scans over every force, written to "
            "bench/RESULTS-national.md. With --small: 3 forces at a fiftieth of their size.",
        )
        parser.add_argument(
            "--partition-study",
            action="store_true",
            help="With --national: also time period scans, retention and VACUUM on a plain "
            "and a year-partitioned scratch copy of the duty records (minutes at full size).",
        )
        parser.add_argument(
            "--database",
            default=None,
            help=f"Database to build and measure in (default {bench.BENCH_DATABASE}, or "
            f"{bench.BENCH_DATABASE}_small with --small, so the two sizes do not replace each "
            "other); the settings must point at it (NPMS_DB_NAME, as make bench sets it). It is "
            "created on the same cluster if missing, with the extensions, and migrated.",
        )
        parser.add_argument(
            "--current-db",
            action="store_true",
            help="Use the database of the current settings as it is (no create, no migrate): "
            "for tests.",
        )
        parser.add_argument(
            "--build-only",
            action="store_true",
            help="Build the force if it is missing (or --rebuild), then stop without measuring.",
        )
        parser.add_argument(
            "--runs",
            type=int,
            default=20,
            help="Timed runs per fast figure, after a warm-up (20: a 95th percentile of 20).",
        )
        parser.add_argument(
            "--slow-runs",
            type=int,
            default=5,
            help="Timed runs of the nightly job and the force-year live metrics (5; at most "
            "--runs).",
        )
        parser.add_argument(
            "--note",
            default="",
            help="A sentence to put at the top of the results file (e.g. the machine's state).",
        )
        parser.add_argument(
            "--output",
            default=None,
            help="Where to write the results table in Markdown (default bench/RESULTS.md, "
            "with --national bench/RESULTS-national.md).",
        )
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help="Last day of the generated duty records when building (default: yesterday, "
            "so the nightly job's 'yesterday' is the last day of data).",
        )

    def handle(self, *args, **opts):
        if settings.SETTINGS_MODULE.endswith(".production"):
            raise CommandError(
                "bench builds a generated force: it refuses the production settings."
            )
        if opts["runs"] < 1:
            raise CommandError(f"--runs must be at least 1 (got {opts['runs']}).")
        if opts["slow_runs"] < 1:
            raise CommandError(f"--slow-runs must be at least 1 (got {opts['slow_runs']}).")
        slow_runs = min(opts["slow_runs"], opts["runs"])
        if opts["national"]:
            size = bench.NATIONAL_SMALL if opts["small"] else bench.NATIONAL
        else:
            size = bench.SMALL if opts["small"] else bench.FULL
        if opts["partition_study"] and not opts["national"]:
            raise CommandError("--partition-study is part of the national bench: add --national.")
        output = Path(
            opts["output"]
            or Path(settings.BASE_DIR)
            / "bench"
            / ("RESULTS-national.md" if opts["national"] else "RESULTS.md")
        )
        log = self.stdout.write if opts["verbosity"] >= 1 else None

        if not opts["current_db"]:
            name = opts["database"] or bench.default_database(size)
            configured = bench.configured_database()
            if configured != name:
                # The database is chosen before Django connects, never switched at run time.
                raise CommandError(
                    f"bench builds and measures in the database “{name}”, but the settings "
                    f"point at “{configured}”. Select it from the start: NPMS_DB_NAME={name} "
                    f"python manage.py bench ... (make bench does this), or pass --current-db "
                    f"to measure “{configured}” as it is."
                )
            if bench.ensure_database(name):
                self.stdout.write(f"Created database {name}.")
            call_command("migrate", verbosity=0, interactive=False)

        marker = bench.read_marker()
        if opts["rebuild"] or not bench.marker_matches(marker, size):
            anchor = opts["today"] or timezone.localdate() - dt.timedelta(days=1)
            what = (
                f"the {size.forces} forces (x{size.fraction:g} of their size)"
                if size.national
                else f"the force ({size.bcus} BCUs"
            )
            self.stdout.write(
                f"Building {what}{'' if size.national else ','} {size.days} days of duty to "
                f"{anchor}{'' if size.national else ')'} in {bench.database_name()}; later runs "
                "reuse it (--rebuild to build again)."
            )
            marker = bench.build_force(size, today=anchor, log=log)
        force = Force.objects.get(pk=marker["force_id"])
        anchor = dt.date.fromisoformat(marker["today"])
        if opts["build_only"]:
            described = bench.describe_force(force, marker)
            if size.national:
                described = f"{national_bench.describe_national()}; measured: {described}"
            self.stdout.write(f"Database {bench.database_name()}: {described}")
            return

        started = timezone.now()
        load_start = bench.load_average()
        host = bench.machine()
        described = bench.describe_force(force, marker)
        if size.national:
            described = (
                f"{national_bench.describe_national()}; the per-force figures are for the "
                f"largest, {described}"
            )
        self.stdout.write("")
        self.stdout.write(f"Database {bench.database_name()}: {described}")
        self.stdout.write(
            f"PostgreSQL {host['postgresql']}, {host['cores']} CPUs ({host['cpu']}), "
            f"{host['memory']}, load average {load_start} at the start. Median and 95th "
            f"percentile of {opts['runs']} runs after a warm-up (the nightly job and the "
            f"force-year live metrics: {slow_runs}); queries counted on one more run."
        )
        notes = [opts["note"]] if opts["note"] else []
        if opts["small"]:
            notes.insert(
                0,
                (
                    f"**The small national deployment (--national --small: {size.forces} "
                    f"forces at x{size.fraction:g} of their size, {size.days} days of duty).**"
                    if size.national
                    else "**The small force (--small: 2 BCUs, 30 days of duty).**"
                )
                + " The targets are for the Met-size force; these figures only show that the "
                "bench runs.",
            )
            self.stdout.write("--small: a reduced force; the targets are for the full size.")
        if size.national:
            notes.insert(
                0,
                "**The national deployment (--national)**: the 43 forces of England and Wales "
                "(demo/national.py; sizes other than the Met's are estimates). The nightly job "
                "and the hand-written SQL it is compared with cover every force; the other "
                "per-force figures are for the largest force, the Met. Built by seed_demo in "
                f"{marker['build_seconds']} s (with the load average {marker.get('load_average')}"
                " at the end of the build), then VACUUM (ANALYZE).",
            )
        note = "\n\n".join(notes)
        self.stdout.write("")
        # Timed as in production: no query log kept in memory, no debug pages.
        with override_settings(DEBUG=False):
            rows = bench.run_measurements(
                force=force,
                anchor=anchor,
                runs=opts["runs"],
                slow_runs=slow_runs,
                log=log,
                all_forces=size.national,
            )
            if size.national:
                rows += national_bench.national_rows(
                    anchor=anchor, runs=opts["runs"], slow_runs=slow_runs, log=log
                )
        load_end = bench.load_average()
        output.parent.mkdir(parents=True, exist_ok=True)
        text = bench.results_markdown(
            rows,
            force_description=described,
            host=host,
            load_start=load_start,
            load_end=load_end,
            started=started,
            note=note,
        )
        output.write_text(text)
        if opts["partition_study"]:
            # The table is written first: the study takes minutes at full size.
            self.stdout.write("Partitioning study: two scratch copies of the duty records...")
            steps, facts = national_bench.partition_study(force=force, runs=slow_runs, log=log)
            study = national_bench.study_markdown(steps, facts)
            # Before the closing ratio line, which stays the last line of the file.
            table, ratio = text.rstrip("\n").rsplit("\n", 1)
            output.write_text(
                f"{table}\n{study}\nLoad average {bench.load_average()} at the end of the "
                f"study.\n\n{ratio}\n"
            )
        self.stdout.write("")
        self.stdout.write(bench.format_table(rows))
        self.stdout.write(
            f"Load average {load_end} at the end (other work on the machine slows it)."
        )
        self.stdout.write(f"Written to {output}.")
        self.stdout.write(bench.ratio_line(rows))
