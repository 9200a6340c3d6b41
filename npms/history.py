"""Change history shown in words (DESIGN.md section 9: every change is kept and readable).

django-simple-history keeps the records; this module shows a change as a person reads it:
the field's verbose name ("Public sign-off", not ``public_signoff``) and readable values
(a choice's label, "Yes"/"No", a date as "2 Mar 2026", the related record's name, "–" for
nothing). The admin (``HistoryAdmin``) and the pages (``history_changes``) use the same
helper, so a change reads the same everywhere.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import models
from django.utils import formats
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

NOTHING = "–"
# Bookkeeping fields that change with every save and say nothing to a reader.
HIDDEN_FIELDS = frozenset({"updated_at", "version"})


def readable_value(field: models.Field, value) -> str:
    """``value`` of ``field`` as a reader would write it."""
    if value is None or value == "":
        return NOTHING
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return formats.date_format(value, "j M Y H:i")
    if isinstance(value, dt.date):
        return formats.date_format(value, "j M Y")
    return str(value)


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """simple-history's helper (already gives verbose names), with readable values."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, models.ManyToManyField):
            return super().prepare_delta_change_value(change, value)
        return readable_value(field, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """The admin's history of a record, each change in words."""

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)


def history_changes(records: Sequence, *, hidden: Iterable[str] = HIDDEN_FIELDS) -> list[dict]:
    """For ``records`` (one object's historical records, oldest first), a list in the same
    order of ``{"record", "changes": [{"field", "old", "new"}]}``: each record's changes from
    the one before, in words. The first record (the creation) has no changes. Related
    records are read one query per changed foreign key."""
    hidden = set(hidden)
    out, previous = [], None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(
                previous, excluded_fields=hidden, foreign_keys_are_objs=True
            )
            changes = ReadableHistoryHelper(record.instance_type, record).context_for_delta_changes(
                delta
            )
        out.append({"record": record, "changes": changes})
        previous = record
    return out
