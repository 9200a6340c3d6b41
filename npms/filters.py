"""django-filter plumbing shared by every list of /api/v1/: id references that never leak,
UTC date-time ranges, and the ``updated_since`` every list offers."""

import datetime as dt

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField, RangeField
from django_filters.widgets import DateRangeWidget


class IdFilter(filters.NumberFilter):
    field_class = forms.IntegerField


def ref(field_name: str, label: str, **kwargs) -> IdFilter:
    """Filter on a related object's id without looking it up: an unknown id or one outside
    the caller's scope gives an empty list (not a 400 that would tell which ids exist), and
    the list keeps its fixed number of queries."""
    return IdFilter(field_name=field_name, label=label, **kwargs)


class UTCIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date-time, turned into UTC before it reaches PostgreSQL (which refuses
    offsets such as -20:32 that Python accepts)."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(dt.UTC)
        except (OverflowError, ValueError):
            raise ValidationError("This date and time is out of range.", code="invalid") from None


class UTCIsoDateTimeRangeField(RangeField):
    widget = DateRangeWidget

    def __init__(self, *args, **kwargs):
        super().__init__((UTCIsoDateTimeField(), UTCIsoDateTimeField()), *args, **kwargs)


class DateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCIsoDateTimeField


class DateTimeFromToRangeFilter(filters.IsoDateTimeFromToRangeFilter):
    """``<name>_after`` and ``<name>_before``, ISO 8601, inclusive."""

    field_class = UTCIsoDateTimeRangeField


class UpdatedSinceFilterSet(filters.FilterSet):
    """Every list can be polled for changes: ``?updated_since=2025-03-01T00:00:00Z``."""

    updated_since = DateTimeFilter(
        field_name="updated_at", lookup_expr="gte", label="Changed at or after (ISO 8601)."
    )
