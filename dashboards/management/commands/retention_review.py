"""manage.py retention_review [--older-than-years 6] [--delete]

Lists the closed priorities, closed plans, public contacts and key individuals past the
review age (MoPI's six years by default; see dashboards/retention.py for each rule). Deletes
nothing unless --delete is given; then deletes them with their history, in one transaction,
and logs each kind's count in the access log (action "delete")."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from dashboards.retention import DEFAULT_YEARS, retention_cutoff, retention_delete, retention_due

LIST_LIMIT = 20


class Command(BaseCommand):
    help = "List (and with --delete, delete) records past their MoPI review age."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-years",
            type=int,
            default=DEFAULT_YEARS,
            help=f"Review age in years (default {DEFAULT_YEARS}, MoPI).",
        )
        parser.add_argument(
            "--delete", action="store_true", help="Delete them (otherwise only list)."
        )

    def handle(self, *args, older_than_years: int, delete: bool, **options):
        if older_than_years < 1:
            raise CommandError("--older-than-years must be 1 or more.")
        cutoff = retention_cutoff(today=timezone.localdate(), years=older_than_years)
        self.stdout.write(f"Records past review: last activity before {cutoff.isoformat()}.")
        total = 0
        for kind in retention_due(cutoff=cutoff):
            ids = list(kind.queryset.order_by("pk").values_list("pk", flat=True))
            total += len(ids)
            shown = ", ".join(str(i) for i in ids[:LIST_LIMIT])
            more = f" and {len(ids) - LIST_LIMIT} more" if len(ids) > LIST_LIMIT else ""
            self.stdout.write(
                f"  {kind.label}: {len(ids)}" + (f" (ids {shown}{more})" if ids else "")
            )
        if not delete:
            self.stdout.write("Nothing deleted (run again with --delete to delete these).")
            return
        path = (
            f"manage.py retention_review --older-than-years {older_than_years} --delete "
            f"(cut-off {cutoff.isoformat()})"
        )
        deleted = retention_delete(cutoff=cutoff, path=path)
        self.stdout.write(
            f"Deleted {sum(deleted.values())} records, logged in the access log: "
            + ", ".join(f"{name} {count}" for name, count in deleted.items())
            + "."
        )
