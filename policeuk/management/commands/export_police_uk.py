"""manage.py export_police_uk DIR: write the public data in the data.police.uk layout."""

from pathlib import Path

from django.core.management.base import BaseCommand

from policeuk.exporter import export_police_uk


class Command(BaseCommand):
    help = (
        "Write forces, neighbourhoods, boundaries, people, public events and public priorities "
        "to DIR in the layout that import_police_uk reads (the data.police.uk API's paths)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--force", action="append", dest="forces", help="Only this force (slug); repeatable."
        )

    def handle(self, *args, directory: Path, forces=None, **options):
        verbosity = options.get("verbosity", 1)

        def progress(message: str) -> None:
            if verbosity >= 1:
                self.stdout.write(message)

        written = export_police_uk(directory, force_slugs=forces, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Wrote {written} files to {directory}."))
