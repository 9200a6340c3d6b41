"""django-filter filter sets for the force-structure and people lists of /api/v1/."""

import django_filters as filters

from npms.filters import UpdatedSinceFilterSet, ref
from teams.models import BCU, DutyRecord, Member, Neighbourhood, Partner, Posting, Team


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
