"""/api/v1/inspections/: read-only for now (grading is done in the inspection pages)."""

from rest_framework import serializers, viewsets

from inspections.models import Inspection
from inspections.selectors import inspections_visible
from npms.scope import Scope


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


class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Inspections in the caller's scope. Queries: count, one page."""

    serializer_class = InspectionSerializer
    filterset_fields = ["scope_type"]
    ordering_fields = ["start_date", "id"]
    ordering = ["-start_date", "-id"]

    def get_queryset(self):
        return inspections_visible(Scope.of(self.request.user)).order_by("-start_date", "-id")
