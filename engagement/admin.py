from django.contrib import admin

from npms.access_log import AccessLoggedAdminMixin
from npms.csp import NoncedLeafletGeoAdmin

from .models import Event, KeyIndividual, PublicContact


@admin.register(Event)
class EventAdmin(NoncedLeafletGeoAdmin):
    list_display = ["title", "kind", "start", "neighbourhood", "team", "public", "attendance"]
    list_filter = ["kind", "public", "force"]
    search_fields = ["title", "address"]
    date_hierarchy = "start"
    raw_id_fields = ["neighbourhood", "team"]
    list_select_related = ["neighbourhood", "team"]


@admin.register(PublicContact)
class PublicContactAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    list_display = ["received_at", "channel", "neighbourhood", "responded_at"]
    list_filter = ["channel"]
    search_fields = ["summary"]
    date_hierarchy = "received_at"
    raw_id_fields = ["neighbourhood", "team"]
    list_select_related = ["neighbourhood"]


@admin.register(KeyIndividual)
class KeyIndividualAdmin(AccessLoggedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "community_role", "neighbourhood", "active"]
    list_filter = ["active"]
    search_fields = ["name", "community_role"]
    raw_id_fields = ["neighbourhood", "team"]
