"""Stored metric values, written by the snapshot jobs and read by the dashboards."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Q


class ScopeType(models.TextChoices):
    TEAM = "team", "Team"
    BCU = "bcu", "BCU"
    FORCE = "force", "Force"


class MetricSnapshot(models.Model):
    """One metric for one scope and period, as computed at ``computed_at``.

    Point-in-time metrics (supervision, priority ageing) have start == end == the as-of day.
    """

    metric = models.CharField(max_length=64)
    scope_type = models.CharField(max_length=8, choices=ScopeType.choices)
    scope_id = models.PositiveBigIntegerField()
    start = models.DateField()
    end = models.DateField()
    value = models.JSONField()
    computed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["metric", "scope_type", "scope_id", "-end"]
        constraints = [
            models.UniqueConstraint(
                fields=["metric", "scope_type", "scope_id", "start", "end"],
                name="snapshot_unique_per_metric_scope_period",
            ),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="snapshot_period_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.metric} {self.scope_type}:{self.scope_id} {self.start}..{self.end}"

    @property
    def as_of(self):
        return self.end


class TrendSnapshot(models.Model):
    """A scope's 12-week trend (``dashboards.selectors.trends``: weekly abstraction and the
    ageing of the open priorities at each week end) to ``end``, stored by the snapshot job so
    the dashboards do not compute it on every view. ``value`` keeps each week's numbers only
    (``selectors.trend_stored``); ``selectors.trend_snapshots`` reads it back as ``trends``
    returns it."""

    scope_type = models.CharField(max_length=8, choices=ScopeType.choices)
    scope_id = models.PositiveBigIntegerField()
    end = models.DateField()
    weeks = models.PositiveSmallIntegerField()
    value = models.JSONField()
    computed_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["scope_type", "scope_id", "-end"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope_type", "scope_id", "end", "weeks"],
                name="trend_snapshot_unique_per_scope_end",
            )
        ]

    def __str__(self) -> str:
        return f"Trend {self.scope_type}:{self.scope_id} to {self.end}"


class RecomputeJob(models.Model):
    """A "recompute now" of one scope's snapshots, started from a dashboard; the page polls it
    to show progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    scope_type = models.CharField(max_length=8, choices=ScopeType.choices)
    scope_id = models.PositiveBigIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    task_id = models.CharField(max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=F("total")) | Q(total=0),
                name="recompute_progress_le_total",
            )
        ]

    def __str__(self) -> str:
        return f"Recompute {self.scope_type}:{self.scope_id} ({self.status})"

    @property
    def percent(self) -> int:
        return round(100 * self.progress / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ReminderRun(models.Model):
    """A day's reminder email to one team's sergeants (DESIGN.md section 8): at most one per
    team and day, so a rerun or a retry of the nightly job does not send it twice."""

    date = models.DateField()
    team = models.ForeignKey("teams.Team", on_delete=models.CASCADE, related_name="+")
    recipients = models.TextField(help_text="The addresses it went to, one a line.")
    items = models.PositiveIntegerField(help_text="How many reminders it listed.")
    sent_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "team"]
        constraints = [
            models.UniqueConstraint(fields=["date", "team"], name="reminder_once_per_team_day")
        ]

    def __str__(self) -> str:
        return f"Reminders {self.date} for team {self.team_id}"


class SnapshotNight(models.Model):
    """One run of the nightly snapshot job for a date (issue 14 item 3): a fan-out of pieces,
    one per force or, for a large force, one per group of its BCUs plus one for the force's
    own row. An operator (and a test) reads here whether the night completed, is partial
    (which pieces failed is in ``message`` and on the pieces) or failed. Running a date again
    adds a night; the snapshots it writes replace the earlier run's. A redelivery of the same
    fan-out task (``fanout_task_id``) does not."""

    class Status(models.TextChoices):
        RUNNING = "running", "Running"
        COMPLETE = "complete", "Complete"
        PARTIAL = "partial", "Partial"
        FAILED = "failed", "Failed"

    date = models.DateField(help_text="The day the job ran for; its periods end the day before.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.RUNNING)
    pieces = models.PositiveIntegerField(default=0)
    pieces_done = models.PositiveIntegerField(default=0)
    pieces_failed = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0, help_text="Snapshot rows written.")
    message = models.TextField(blank=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    fanout_task_id = models.CharField(
        max_length=255,
        blank=True,
        default="",
        help_text="The Celery id of the fan-out task that planned the night (none when run "
        "in-process): a redelivery of that task finds this night instead of planning another.",
    )
    sent_at = models.DateTimeField(
        null=True, blank=True, help_text="When its pieces were sent to the workers."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pieces_done__lte=F("pieces") - F("pieces_failed")),
                name="snapshot_night_counts_within_pieces",
            ),
            models.UniqueConstraint(
                fields=["fanout_task_id"],
                condition=~Q(fanout_task_id=""),
                name="snapshot_night_one_per_fanout_task",
            ),
        ]

    def __str__(self) -> str:
        return f"Snapshot night {self.date} ({self.status}, {self.pieces_done}/{self.pieces})"


class SnapshotPiece(models.Model):
    """One piece of a snapshot night: the snapshots of one force (every team, BCU and the
    force), or of a group of whole BCUs of a large force (their teams and the BCUs: ``bcus``,
    packed by ``services.snapshot_night_plan`` to about ``SNAPSHOT_SPLIT_TEAMS`` teams), or of
    a large force's own row. Run by one Celery task on the force's queue
    (``SNAPSHOT_QUEUES``)."""

    class Kind(models.TextChoices):
        FORCE = "force", "Whole force"
        BCUS = "bcus", "BCUs of a large force"
        FORCE_ROW = "force_row", "Force row"

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    night = models.ForeignKey(SnapshotNight, on_delete=models.CASCADE, related_name="piece_set")
    kind = models.CharField(max_length=9, choices=Kind.choices)
    force = models.ForeignKey("teams.Force", on_delete=models.CASCADE, related_name="+")
    # A BCU deleted after planning leaves the piece (its link goes, on delete cascade): the
    # piece then computes the BCUs it has left.
    bcus = models.ManyToManyField(
        "teams.BCU", through="SnapshotPieceBCU", related_name="+", blank=True
    )
    label = models.CharField(max_length=300)
    queue = models.CharField(max_length=200, help_text="The queue it was sent to.")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    rows = models.PositiveIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    ran_on = models.CharField(
        max_length=300, blank=True, help_text="The worker and queue that last ran it."
    )
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["night", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["force", "bcus", "force_row"]),
                name="snapshot_piece_kind_known",
            ),
            # A force is planned whole or as its force row (beside its BCU pieces), once a
            # night; a BCU is in one piece of a night (SnapshotPieceBCU). An exclusion
            # constraint rather than a partial unique index, so that it is a constraint
            # (tests/npms/test_constraint_inventory.py).
            ExclusionConstraint(
                name="snapshot_piece_once_per_night",
                expressions=[("night", RangeOperators.EQUAL), ("force", RangeOperators.EQUAL)],
                condition=Q(kind__in=["force", "force_row"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.status})"


class SnapshotPieceBCU(models.Model):
    """A BCU of a "bcus" piece. ``night`` is the piece's night, kept here so the database
    holds each BCU to one piece a night."""

    night = models.ForeignKey(SnapshotNight, on_delete=models.CASCADE, related_name="+")
    piece = models.ForeignKey(SnapshotPiece, on_delete=models.CASCADE, related_name="bcu_links")
    bcu = models.ForeignKey("teams.BCU", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "snapshot piece BCU"
        constraints = [
            models.UniqueConstraint(
                fields=["night", "bcu"], name="snapshot_piece_bcu_once_per_night"
            )
        ]

    def __str__(self) -> str:
        return f"BCU {self.bcu_id} in piece {self.piece_id}"
