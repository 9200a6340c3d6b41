"""The access log: who read or exported restricted data, when, and how many rows
(DESIGN.md section 3, "audit"; DPA 2018 s.62 logging).

Append-only. The application only ever inserts (``audit.services.access_log_record``); the
model refuses ``save()`` of an existing row and ``delete()``; the admin is read-only; and a
PostgreSQL trigger (migration 0002) raises on any UPDATE or DELETE of the table, so not even
raw SQL or a queryset ``update()`` / ``delete()`` can change it. TRUNCATE (what the test
runner's flush uses) is a table operation and not stopped by the row trigger.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AccessAction(models.TextChoices):
    READ = "read", "Read"
    EXPORT = "export", "Export"
    # Records removed by ``manage.py retention_review --delete`` (MoPI review); one row per
    # kind of record, with the count. Not a read, but the same who / when / what / how many.
    DELETE = "delete", "Delete (retention)"


class AppendOnlyError(Exception):
    """An attempt to change or delete an access-log row through the application."""


class AccessLog(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # No database constraint and nothing done on delete: deleting a user (the demo's
    # delete_force does) must not change these rows, so the row keeps the user's id.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(max_length=8, choices=AccessAction.choices)
    object_type = models.CharField(
        max_length=100, help_text='"app_label.modelname", e.g. engagement.keyindividual'
    )
    object_id = models.BigIntegerField(null=True, blank=True, help_text="Empty for a list.")
    count = models.PositiveIntegerField(help_text="Rows shown or exported.")
    path = models.CharField(max_length=500, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True, verbose_name="IP address")

    class Meta:
        verbose_name = "access log entry"
        verbose_name_plural = "access log"
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["user", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The access log is append-only: a row cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only: a row cannot be deleted.")
