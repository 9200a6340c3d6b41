import json

from django.contrib import admin

from npms.access_log import AccessLoggedAdminMixin
from npms.csp import NoncedLeafletGeoAdmin
from npms.history import HistoryAdmin

from .models import BCU, DutyRecord, Force, Member, Neighbourhood, Partner, Posting, Team


@admin.register(Force)
class ForceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "abstraction_limit", "supervision_span_limit"]
    search_fields = ["name", "slug"]


@admin.register(BCU)
class BCUAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "force"]
    list_filter = ["force"]
    search_fields = ["name", "code"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(NoncedLeafletGeoAdmin):
    list_display = ["name", "code", "bcu", "force", "population"]
    list_filter = ["force", "bcu"]
    search_fields = ["name", "code"]
    list_select_related = ["bcu", "force"]

    def changelist_view(self, request, extra_context=None):
        """Show the listed neighbourhoods' boundaries on a map above the list."""
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None)
        if context and "cl" in context:
            from django.contrib.gis.db.models.functions import AsGeoJSON

            rows = (
                context["cl"]
                .queryset.filter(boundary__isnull=False)
                .annotate(geojson=AsGeoJSON("boundary", precision=5))
                .values_list("name", "geojson")
            )
            context["boundaries_geojson"] = {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {"name": name}, "geometry": json.loads(g)}
                    for name, g in rows
                ],
            }
        return response


class PostingInline(admin.TabularInline):
    model = Posting
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "bcu", "target_sergeants", "target_constables", "target_pcsos"]
    list_filter = ["bcu__force", "bcu"]
    search_fields = ["name"]
    filter_horizontal = ["neighbourhoods"]
    list_select_related = ["bcu"]
    inlines = [PostingInline]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "staff_number", "rank", "force"]
    list_filter = ["force"]
    search_fields = ["name", "staff_number"]
    raw_id_fields = ["user"]


@admin.register(Posting)
class PostingAdmin(HistoryAdmin):
    list_display = ["member", "team", "role", "fte", "start_date", "end_date", "hybrid"]
    list_filter = ["role", "hybrid", "team__bcu"]
    search_fields = ["member__name", "member__staff_number", "team__name"]
    autocomplete_fields = ["member", "team"]
    list_select_related = ["member", "team"]


@admin.register(DutyRecord)
class DutyRecordAdmin(AccessLoggedAdminMixin, HistoryAdmin):
    list_display = ["date", "member", "team", "activity", "hours", "paid_overtime"]
    list_filter = ["activity", "paid_overtime", "team__bcu"]
    search_fields = ["member__name", "member__staff_number"]
    date_hierarchy = "date"
    autocomplete_fields = ["member", "team"]
    list_select_related = ["member", "team"]
    show_full_result_count = False
    # Kept by the database from the member's postings (DutyRecord's docstring): shown, never
    # edited.
    readonly_fields = ["posting_role"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "force"]
    list_filter = ["kind", "force"]
    search_fields = ["name"]
    filter_horizontal = ["neighbourhoods"]
