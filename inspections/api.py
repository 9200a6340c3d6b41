"""/api/v1/inspections/: read-only for now (grading is done in the inspection pages)."""

from django.db.models import Q
from rest_framework import serializers, viewsets

from accounts.models import FORCE_WIDE_ROLES, Role
from inspections.models import Inspection


class InspectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Inspection
        fields = [
            "id",
            "framework",
            "force",
            "scope_type",
            "bcu",
            "team",
            "title",
            "start_date",
            "end_date",
            "lead",
            "updated_at",
        ]


def visible_inspections(user):
    """Force-wide roles see the force's inspections; a BCU commander those of the BCU and its
    teams; a sergeant or officer those of the team; partners none."""
    if user.is_superuser:
        return Inspection.objects.all()
    if not user.is_authenticated:
        return Inspection.objects.none()
    if user.role in FORCE_WIDE_ROLES:
        return Inspection.objects.filter(force_id=user.force_id)
    if user.role == Role.BCU_COMMANDER:
        return Inspection.objects.filter(Q(bcu_id=user.bcu_id) | Q(team__bcu_id=user.bcu_id))
    if user.role in (Role.SERGEANT, Role.OFFICER):
        return Inspection.objects.filter(team_id=user.team_id)
    return Inspection.objects.none()


class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Inspections in the caller's scope. Queries: count, one page."""

    serializer_class = InspectionSerializer
    filterset_fields = ["scope_type"]
    ordering_fields = ["start_date", "id"]
    ordering = ["-start_date", "-id"]

    def get_queryset(self):
        return visible_inspections(self.request.user).order_by("-start_date", "-id")
