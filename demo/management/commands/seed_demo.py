"""manage.py seed_demo: build the demo force (or a Met-sized one, or the 43 forces of a
national deployment) in one transaction."""

import datetime as dt
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from dashboards.models import MetricSnapshot
from demo.delete import delete_force
from demo.logins import demo_login_rows, format_login_table
from demo.met import FORCE_SLUG as MET_SLUG
from demo.met import MetOptions, build_met
from demo.midshire import FORCE_SLUG as DEMO_SLUG
from demo.midshire import DemoOptions, build_demo
from demo.national import FORCES, NATIONAL_SLUGS, NationalOptions, build_national
from teams.models import Force


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today: “{value}” is not a date in the form YYYY-MM-DD.") from None


def _positive(name: str, value: int | None) -> None:
    if value is not None and value < 1:
        raise CommandError(f"--{name} must be at least 1 (got {value}).")


class Command(BaseCommand):
    help = (
        "Build a realistic, reproducible fictional force: 'Midshire Police' (--scale demo) or "
        "a Metropolitan-Police-sized force for load tests (--scale met), or the 43 forces of "
        "England and Wales for a national load test (--scale national, in a database of its "
        "own)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2008, help="Random seed (default 2008).")
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help="Anchor day YYYY-MM-DD: the data runs up to it (default: today).",
        )
        parser.add_argument("--scale", choices=["demo", "met", "national"], default="demo")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing if the database already has a force.",
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing if this generated force (midshire or metropolis) already exists.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the generated force first if it exists.",
        )
        parser.add_argument(
            "--months", type=int, default=6, help="demo: months of duty records (default 6)."
        )
        parser.add_argument(
            "--met-bcus", type=int, default=32, help="met: number of BCUs (default 32)."
        )
        parser.add_argument(
            "--met-teams",
            type=int,
            default=None,
            help="met: number of teams (default 630 scaled to --met-bcus).",
        )
        parser.add_argument(
            "--met-days", type=int, default=365, help="met: days of duty records (default 365)."
        )
        parser.add_argument(
            "--national-forces",
            type=int,
            default=len(FORCES),
            help=f"national: the first N forces, largest first (default all {len(FORCES)}).",
        )
        parser.add_argument(
            "--national-fraction",
            type=float,
            default=1.0,
            help="national: each force's BCUs and teams times this (default 1: full size).",
        )
        parser.add_argument(
            "--national-days",
            type=int,
            default=365,
            help="national: days of duty records (default 365).",
        )

    def handle(self, *args, **opts):
        if settings.SETTINGS_MODULE.endswith(".production"):
            # The demo logins share a published password: never in a live database.
            raise CommandError("seed_demo refuses to run with the production settings.")
        for name in ("months", "met_bcus", "met_teams", "met_days", "national_days"):
            _positive(name.replace("_", "-"), opts[name])
        if not 1 <= opts["national_forces"] <= len(FORCES):
            raise CommandError(
                f"--national-forces must be from 1 to {len(FORCES)} "
                f"(got {opts['national_forces']})."
            )
        if not 0 < opts["national_fraction"] <= 1:
            raise CommandError(
                f"--national-fraction must be above 0 and at most 1 "
                f"(got {opts['national_fraction']})."
            )
        if opts["scale"] == "national":
            self.handle_national(opts)
            return
        if opts["if_empty"] and Force.objects.exists():
            self.stdout.write("The database already has a force: not seeding demo data.")
            return
        today = opts["today"] or timezone.localdate()
        scale = opts["scale"]
        slug = MET_SLUG if scale == "met" else DEMO_SLUG
        started = time.monotonic()
        with transaction.atomic():
            existing = Force.objects.filter(slug=slug).first()
            if existing is not None and opts["if_missing"]:
                self.stdout.write(f"The force “{slug}” already exists: not seeding it again.")
                return
            if existing is not None:
                if not opts["replace"]:
                    raise CommandError(
                        f"A force with slug “{slug}” already exists; use --replace to rebuild it."
                    )
                delete_force(existing)
            if scale == "met":
                force, counts = build_met(
                    MetOptions(
                        seed=opts["seed"],
                        today=today,
                        bcus=opts["met_bcus"],
                        teams=opts["met_teams"],
                        days=opts["met_days"],
                    ),
                    log=self.stdout.write if opts["verbosity"] >= 1 else None,
                )
            else:
                force, counts = build_demo(
                    DemoOptions(seed=opts["seed"], today=today, months=opts["months"])
                )
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Built {force.name} ({force.slug}) in {elapsed:.1f} s: ")
            + summary
            + f" (seed {opts['seed']}, up to {today.isoformat()})."
        )
        if scale == "demo":
            self.stdout.write("")
            self.stdout.write(format_login_table(demo_login_rows()))

    def handle_national(self, opts) -> None:
        """The 43 forces, in one transaction. Meant for a database of its own: --replace
        empties the force tables with TRUNCATE (deleting 11 million duty records row by row
        would take longer than building them), so it refuses when the database holds any
        force that is not one of the generated ones."""
        today = opts["today"] or timezone.localdate()
        log = self.stdout.write if opts["verbosity"] >= 1 else None
        started = time.monotonic()
        with transaction.atomic():
            existing = list(Force.objects.values_list("slug", flat=True))
            if existing and opts["if_missing"]:
                self.stdout.write("The database already has forces: not seeding them again.")
                return
            if existing:
                if not opts["replace"]:
                    raise CommandError(
                        "The database already has forces; use --replace to rebuild the "
                        "national deployment (in a database of its own)."
                    )
                others = sorted(set(existing) - NATIONAL_SLUGS)
                if others:
                    raise CommandError(
                        "--scale national --replace empties the force tables, but this "
                        f"database also holds other forces ({', '.join(others)}): use a "
                        "database of its own (NPMS_DB_NAME)."
                    )
                _truncate_forces()
            forces, counts = build_national(
                NationalOptions(
                    seed=opts["seed"],
                    today=today,
                    forces=opts["national_forces"],
                    fraction=opts["national_fraction"],
                    days=opts["national_days"],
                ),
                log=log,
            )
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Built {len(forces)} forces in {elapsed:.1f} s: ")
            + summary
            + f" (seed {opts['seed']}, up to {today.isoformat()})."
        )


def _truncate_forces() -> None:
    """Empty the force table and every table that refers to it, directly or not (TRUNCATE
    ... CASCADE), with the metric snapshots (which name their scope by id)."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # PostgreSQL refuses to truncate tables with foreign-key checks still pending (deferred
        # to commit) in this transaction: run them first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            f"TRUNCATE {quote(Force._meta.db_table)}, {quote(MetricSnapshot._meta.db_table)}"
            " CASCADE"
        )
