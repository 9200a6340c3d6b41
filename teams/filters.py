"""django-filter filter sets for the force-structure and people lists of /api/v1/."""

import datetime as dt

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django_filters.fields import IsoDateTimeField, RangeField
from django_filters.widgets import DateRangeWidget

from teams.models import BCU, DutyRecord, Member, Neighbourhood, Partner, Posting, Team


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


class BCUFilter(UpdatedSinceFilterSet):
    force = ref("force", "Force id.")

    class Meta:
        model = BCU
        fields = ["code"]


class NeighbourhoodFilter(UpdatedSinceFilterSet):
    force = ref("force", "Force id.")
    bcu = ref("bcu", "BCU id.")
    team = ref("teams", "Covered by this team (id).")

    class Meta:
        model = Neighbourhood
        fields = ["code"]


class TeamFilter(UpdatedSinceFilterSet):
    force = ref("bcu__force", "Force id.")
    bcu = ref("bcu", "BCU id.")
    neighbourhood = ref("neighbourhoods", "Covers this neighbourhood (id).")

    class Meta:
        model = Team
        fields: list[str] = []


class MemberFilter(UpdatedSinceFilterSet):
    force = ref("force", "Force id.")
    team = ref("postings__team", "Has (had) a posting in this team.", distinct=True)

    class Meta:
        model = Member
        fields = ["staff_number"]


class PostingFilter(UpdatedSinceFilterSet):
    member = ref("member", "Member id.")
    team = ref("team", "Team id.")
    bcu = ref("team__bcu", "BCU id.")
    active_on = filters.DateFilter(method="filter_active_on", label="Active on this day.")

    class Meta:
        model = Posting
        fields = ["role", "hybrid"]

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(value)


class DutyRecordFilter(UpdatedSinceFilterSet):
    member = ref("member", "Member id.")
    team = ref("team", "Team id.")
    bcu = ref("team__bcu", "BCU id.")
    date = filters.DateFromToRangeFilter(label="Date range: date_after, date_before (inclusive).")

    class Meta:
        model = DutyRecord
        fields = ["activity", "paid_overtime"]


class PartnerFilter(UpdatedSinceFilterSet):
    force = ref("force", "Force id.")
    neighbourhood = ref("neighbourhoods", "Works in this neighbourhood (id).")

    class Meta:
        model = Partner
        fields = ["kind"]
