"""manage.py import_police_uk DIR: load data.police.uk-format files (policeuk.importer)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from policeuk.importer import PoliceUkImporter


class Command(BaseCommand):
    help = (
        "Import forces, neighbourhoods, boundaries, people, events and priorities from DIR, "
        "laid out like the data.police.uk API (DIR/forces.json, DIR/<force>/<code>.json, ...). "
        "Idempotent; reports what it skipped and why."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--progress-every",
            type=int,
            default=25,
            help="Report progress every N neighbourhoods (default 25).",
        )

    def handle(self, *args, directory: Path, progress_every: int, **options):
        if not directory.is_dir():
            raise CommandError(f"{directory} is not a directory.")
        verbosity = options.get("verbosity", 1)

        def progress(message: str) -> None:
            if verbosity >= 1:
                self.stdout.write(message)

        importer = PoliceUkImporter(
            directory, progress=progress, progress_every=max(1, progress_every)
        )
        report = importer.run()
        for line in report.summary():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Import finished."))
