"""The /api/v1/ router: every viewset of the partner API is registered here (DESIGN.md 6)."""

from rest_framework.routers import DefaultRouter

from accounts.api import APIKeyViewSet
from engagement.api import ContactViewSet, EventViewSet
from inspections.api import InspectionViewSet
from priorities.api import PriorityViewSet
from problemsolving.api import PlanViewSet
from teams.api import (
    BCUViewSet,
    DutyRecordViewSet,
    ForceViewSet,
    MemberViewSet,
    NeighbourhoodViewSet,
    PartnerViewSet,
    PostingViewSet,
    TeamViewSet,
)

router = DefaultRouter()
router.register("forces", ForceViewSet, basename="force")
router.register("bcus", BCUViewSet, basename="bcu")
router.register("neighbourhoods", NeighbourhoodViewSet, basename="neighbourhood")
router.register("teams", TeamViewSet, basename="team")
router.register("members", MemberViewSet, basename="member")
router.register("postings", PostingViewSet, basename="posting")
router.register("duty-records", DutyRecordViewSet, basename="duty-record")
router.register("partners", PartnerViewSet, basename="partner")
router.register("events", EventViewSet, basename="event")
router.register("contacts", ContactViewSet, basename="contact")
router.register("priorities", PriorityViewSet, basename="priority")
router.register("plans", PlanViewSet, basename="plan")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("api-keys", APIKeyViewSet, basename="api-key")

# Any id segment reaches the view, which answers a malformed one ("0.5", "abc") with the API's
# JSON 404 like any unknown id, instead of Django's HTML page for an unmatched URL.
for _prefix, _viewset, _basename in router.registry:
    _viewset.lookup_value_regex = "[^/]+"
