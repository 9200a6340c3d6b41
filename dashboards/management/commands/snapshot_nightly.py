"""manage.py snapshot_nightly [--date YYYY-MM-DD] [--split-teams N] [--queue]
manage.py snapshot_nightly --rerun NIGHT [--queue]

Runs the nightly snapshot job for an operator. By default in this process, piece after piece,
with no broker (the same pieces, rows and ``SnapshotNight`` record as beat's Celery fan-out),
printing each piece as it ends; exits with an error when the night is partial or failed. With
``--queue`` it sends the fan-out to the workers instead and prints the night's id. With
``--rerun NIGHT`` it runs (or sends) again only the failed pieces of that partial or failed
night, which then ends complete if they succeed."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from dashboards import services
from dashboards.models import SnapshotNight, SnapshotPiece


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date {value!r} is not a date such as 2026-11-30.") from None


class Command(BaseCommand):
    help = "Snapshot every metric for every team, BCU and force, reporting per piece."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date",
            help="The day to run for, YYYY-MM-DD (default today: periods end yesterday).",
        )
        parser.add_argument(
            "--split-teams",
            type=int,
            help=(
                "Split a force with more teams than this into pieces of whole BCUs of at most "
                "this many teams (default SNAPSHOT_SPLIT_TEAMS)."
            ),
        )
        parser.add_argument(
            "--rerun",
            type=int,
            metavar="NIGHT",
            help="Run again the failed pieces of this partial or failed night (its id).",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Send the fan-out to the Celery workers instead of running it here.",
        )

    def handle(self, *args, date=None, split_teams=None, queue=False, rerun=None, **options):
        if rerun is not None:
            if date or split_teams is not None:
                raise CommandError("--rerun takes the night's own date and pieces.")
            return self._rerun(rerun, queue=queue)
        today = _date(date) if date else None
        if split_teams is not None and split_teams < 1:
            raise CommandError("--split-teams must be 1 or more.")
        if queue:
            night = services.snapshot_night_start(today=today, split_teams=split_teams)
            if night.status == SnapshotNight.Status.FAILED:
                raise CommandError(night.message)
            self.stdout.write(
                f"Night {night.pk} for {night.date.isoformat()}: {night.pieces} pieces queued."
            )
            return
        night = services.snapshot_night_run(
            today=today, split_teams=split_teams, report=self._report
        )
        self.stdout.write(
            f"Night {night.pk} for {night.date.isoformat()}: {night.status}, "
            f"{night.pieces_done} of {night.pieces} pieces done, {night.rows} figures."
        )
        if night.status != SnapshotNight.Status.COMPLETE:
            raise CommandError(night.message)

    def _rerun(self, night_id: int, *, queue: bool) -> None:
        night = SnapshotNight.objects.filter(pk=night_id).first()
        if night is None:
            raise CommandError(f"There is no night {night_id}.")
        if night.status not in (SnapshotNight.Status.PARTIAL, SnapshotNight.Status.FAILED):
            raise CommandError(
                f"Night {night_id} is {night.status}: only a partial or failed night is rerun."
            )
        failed = night.pieces_failed
        if queue:
            night = services.snapshot_night_rerun_start(night_id=night_id)
            night.refresh_from_db()  # sent on commit: failed at once if Redis is down
            if night.status != SnapshotNight.Status.RUNNING:
                raise CommandError(night.message)
            self.stdout.write(f"Night {night.pk}: {failed} failed pieces queued again.")
            return
        night = services.snapshot_night_rerun(night_id=night_id, report=self._report)
        self.stdout.write(
            f"Night {night.pk} for {night.date.isoformat()}: {night.status}, "
            f"{night.pieces_done} of {night.pieces} pieces done, {night.rows} figures."
        )
        if night.status != SnapshotNight.Status.COMPLETE:
            raise CommandError(night.message)

    def _report(self, piece: SnapshotPiece) -> None:
        if piece.status == SnapshotPiece.Status.DONE:
            self.stdout.write(f"  done    {piece.label}: {piece.rows} figures")
        else:
            self.stdout.write(f"  FAILED  {piece.label}: {piece.message}")
