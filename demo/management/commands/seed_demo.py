"""manage.py seed_demo: build the demo force (or a Met-sized one) in one transaction."""

import datetime as dt
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from demo.delete import delete_force
from demo.logins import demo_login_rows, format_login_table
from demo.met import FORCE_SLUG as MET_SLUG
from demo.met import MetOptions, build_met
from demo.midshire import FORCE_SLUG as DEMO_SLUG
from demo.midshire import DemoOptions, build_demo
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
        "a Metropolitan-Police-sized force for load tests (--scale met)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2008, help="Random seed (default 2008).")
        parser.add_argument(
            "--today",
            type=_date,
            default=None,
            help="Anchor day YYYY-MM-DD: the data runs up to it (default: today).",
        )
        parser.add_argument("--scale", choices=["demo", "met"], default="demo")
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

    def handle(self, *args, **opts):
        if settings.SETTINGS_MODULE.endswith(".production"):
            # The demo logins share a published password: never in a live database.
            raise CommandError("seed_demo refuses to run with the production settings.")
        for name in ("months", "met_bcus", "met_teams", "met_days"):
            _positive(name.replace("_", "-"), opts[name])
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
