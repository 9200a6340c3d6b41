"""/api/v1/ resources for force structure and people: forces, BCUs, neighbourhoods, teams,
members, postings, duty records and partners.

Views only translate HTTP to calls: reads are narrowed by the visibility selectors of
``teams.selectors``, writes go through ``teams.services``; the roles that may write are in
``npms.permissions.WRITERS``.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from npms.access_log import AccessLoggedViewSetMixin
from npms.api_fields import (
    GeoJSONMultiPolygonField,
    GeoJSONPointField,
    ScopedPrimaryKeyRelatedField,
    decimal_field,
    validated,
)
from npms.pagination import FeedCursorPagination
from npms.scope import Scope
from teams import filters as team_filters
from teams import services
from teams.models import (
    BCU,
    Activity,
    DutyRecord,
    Force,
    Member,
    Neighbourhood,
    Partner,
    Posting,
    PostingRole,
    Team,
)
from teams.selectors import (
    bcus_visible,
    duty_records_visible,
    duty_records_writable,
    forces_visible,
    members_visible,
    members_writable,
    neighbourhoods_visible,
    partners_visible,
    postings_visible,
    teams_manageable,
    teams_recordable,
    teams_visible,
)

# ---------------------------------------------------------------------------------------------
# Serializers


class ForceSerializer(serializers.ModelSerializer):
    abstraction_limit = decimal_field(max_digits=4, decimal_places=3)
    supervision_span_limit = decimal_field(max_digits=5, decimal_places=2)
    supervision_span_amber = decimal_field(
        max_digits=5, decimal_places=2, required=False, allow_null=True
    )
    priorities_in_range_green = decimal_field(
        max_digits=4, decimal_places=3, min_value=0, max_value=1, required=False
    )
    priorities_with_plan_green = decimal_field(
        max_digits=4, decimal_places=3, min_value=0, max_value=1, required=False
    )
    plans_assessed_green = decimal_field(
        max_digits=4, decimal_places=3, min_value=0, max_value=1, required=False
    )

    class Meta:
        model = Force
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "url",
            "telephone",
            "engagement_methods",
            "abstraction_limit",
            "sickness_is_abstraction",
            "leave_is_dedicated",
            "supervision_span_limit",
            "supervision_span_amber",
            "priority_review_days",
            "contact_response_hours",
            "meeting_interval_days",
            "priorities_in_range_green",
            "priorities_with_plan_green",
            "plans_assessed_green",
            "updated_at",
        ]


class BCUSerializer(serializers.ModelSerializer):
    class Meta:
        model = BCU
        fields = ["id", "force", "code", "name", "updated_at"]


class NeighbourhoodSerializer(serializers.ModelSerializer):
    centre = GeoJSONPointField(allow_null=True)

    class Meta:
        model = Neighbourhood
        fields = ["id", "force", "bcu", "code", "name", "population", "centre", "updated_at"]


class NeighbourhoodDetailSerializer(NeighbourhoodSerializer):
    boundary = GeoJSONMultiPolygonField(allow_null=True)

    class Meta(NeighbourhoodSerializer.Meta):
        fields = [
            *NeighbourhoodSerializer.Meta.fields,
            "description",
            "welcome_message",
            "email",
            "telephone",
            "url_force",
            "links",
            "locations",
            "boundary",
        ]


class TeamSerializer(serializers.ModelSerializer):
    force = serializers.IntegerField(source="bcu.force_id", read_only=True)
    neighbourhoods = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    target_sergeants = decimal_field(max_digits=5, decimal_places=2, allow_null=True)
    target_constables = decimal_field(max_digits=5, decimal_places=2, allow_null=True)
    target_pcsos = decimal_field(max_digits=5, decimal_places=2, allow_null=True)

    class Meta:
        model = Team
        fields = [
            "id",
            "force",
            "bcu",
            "name",
            "neighbourhoods",
            "target_sergeants",
            "target_constables",
            "target_pcsos",
            "updated_at",
        ]


class MemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Member
        fields = ["id", "force", "staff_number", "name", "rank", "bio", "updated_at"]


class PostingSerializer(serializers.ModelSerializer):
    fte = decimal_field(max_digits=3, decimal_places=2)

    class Meta:
        model = Posting
        fields = [
            "id",
            "member",
            "team",
            "role",
            "fte",
            "start_date",
            "end_date",
            "hybrid",
            "updated_at",
        ]


class DutyRecordSerializer(serializers.ModelSerializer):
    hours = decimal_field(max_digits=4, decimal_places=2)

    class Meta:
        model = DutyRecord
        fields = [
            "id",
            "member",
            "team",
            "date",
            "hours",
            "activity",
            "paid_overtime",
            "note",
            "updated_at",
        ]


class PartnerSerializer(serializers.ModelSerializer):
    neighbourhoods = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Partner
        fields = ["id", "force", "name", "kind", "neighbourhoods", "email", "telephone"]


class PostingInput(serializers.Serializer):
    member = ScopedPrimaryKeyRelatedField(scope=members_visible)
    team = ScopedPrimaryKeyRelatedField(scope=teams_manageable)
    role = serializers.ChoiceField(choices=PostingRole.choices)
    fte = serializers.DecimalField(max_digits=3, decimal_places=2, default=1, required=False)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    hybrid = serializers.BooleanField(required=False, default=False)


class PostingEndInput(serializers.Serializer):
    end_date = serializers.DateField()


class DutyRecordInput(serializers.Serializer):
    member = ScopedPrimaryKeyRelatedField(scope=members_writable)
    team = ScopedPrimaryKeyRelatedField(scope=teams_recordable)
    date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=4, decimal_places=2)
    activity = serializers.ChoiceField(choices=Activity.choices)
    paid_overtime = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class DutyRecordUpdateInput(serializers.Serializer):
    date = serializers.DateField(required=False)
    hours = serializers.DecimalField(max_digits=4, decimal_places=2, required=False)
    activity = serializers.ChoiceField(choices=Activity.choices, required=False)
    paid_overtime = serializers.BooleanField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)


# ---------------------------------------------------------------------------------------------
# Views. Each list states its queries; the tests assert the counts.


class ForceViewSet(viewsets.ReadOnlyModelViewSet):
    """Forces the caller can see (their own; all for a superuser). One query per page plus
    the count."""

    serializer_class = ForceSerializer
    ordering_fields = ["name", "slug", "id"]
    ordering = ["name"]

    def get_queryset(self):
        return forces_visible(Scope.of(self.request.user)).order_by("name", "id")


class BCUViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = BCUSerializer
    filterset_class = team_filters.BCUFilter
    ordering_fields = ["name", "code", "id"]
    ordering = ["name"]

    def get_queryset(self):
        return bcus_visible(Scope.of(self.request.user)).order_by("name", "id")


class NeighbourhoodViewSet(viewsets.ReadOnlyModelViewSet):
    """Neighbourhoods; the detail carries the boundary as GeoJSON (the list leaves it out)."""

    filterset_class = team_filters.NeighbourhoodFilter
    ordering_fields = ["name", "code", "id", "population"]
    ordering = ["name"]

    def get_serializer_class(self):
        return (
            NeighbourhoodDetailSerializer if self.action == "retrieve" else NeighbourhoodSerializer
        )

    def get_queryset(self):
        qs = neighbourhoods_visible(Scope.of(self.request.user)).order_by("name", "id")
        if self.action != "retrieve":
            qs = qs.defer("boundary", "description", "welcome_message", "links", "locations")
        return qs


class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    """Teams; queries: count, teams with their BCU (join), their neighbourhood ids (1)."""

    serializer_class = TeamSerializer
    filterset_class = team_filters.TeamFilter
    ordering_fields = ["name", "id"]
    ordering = ["name"]

    def get_queryset(self):
        return (
            teams_visible(Scope.of(self.request.user))
            .select_related("bcu")
            .prefetch_related(Prefetch("neighbourhoods", queryset=Neighbourhood.objects.only("id")))
            .order_by("name", "id")
        )


class MemberViewSet(viewsets.ReadOnlyModelViewSet):
    """Members of staff (police only: partners get an empty list)."""

    serializer_class = MemberSerializer
    filterset_class = team_filters.MemberFilter
    ordering_fields = ["name", "staff_number", "id"]
    ordering = ["name"]

    def get_queryset(self):
        return members_visible(Scope.of(self.request.user)).order_by("name", "id")


@extend_schema(description="Postings of members to teams in the caller's scope (police only).")
class PostingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PostingSerializer
    filterset_class = team_filters.PostingFilter
    ordering_fields = ["start_date", "end_date", "id"]
    ordering = ["-start_date", "-id"]
    write_resource = "posting"

    def get_queryset(self):
        return postings_visible(Scope.of(self.request.user)).order_by("-start_date", "-id")

    @extend_schema(request=PostingInput, responses={201: PostingSerializer})
    def create(self, request, *args, **kwargs):
        data = validated(PostingInput, request)
        posting = services.posting_create(**data)
        return Response(PostingSerializer(posting).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PostingEndInput, responses={200: PostingSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """End the posting on ``end_date`` (the last day in post)."""
        posting = self.get_object()
        data = validated(PostingEndInput, request)
        posting = services.posting_end(posting=posting, **data)
        return Response(PostingSerializer(posting).data)


class DutyRecordViewSet(
    AccessLoggedViewSetMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Duty time (police only; never partners). Keyset-paginated: one query per page, and
    the access-log row (DESIGN.md 3, "audit") when the page shows any records."""

    access_log_object_type = "teams.dutyrecord"

    serializer_class = DutyRecordSerializer
    filterset_class = team_filters.DutyRecordFilter
    pagination_class = FeedCursorPagination
    ordering_fields = ["date", "id"]
    ordering = ["-date", "-id"]
    write_resource = "duty_record"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        qs = duty_records_visible(Scope.of(self.request.user))
        if self.action in ("partial_update", "destroy"):
            qs = qs.select_related("member", "team__bcu")
        return qs

    def get_object(self):
        # Readable but not writable (an officer's colleague's record): 403, not 404.
        record = super().get_object()
        if self.action in ("partial_update", "destroy"):
            writable = duty_records_writable(Scope.of(self.request.user))
            if not writable.filter(pk=record.pk).exists():
                raise PermissionDenied("Officers may change only their own duty records.")
        return record

    @extend_schema(request=DutyRecordInput, responses={201: DutyRecordSerializer})
    def create(self, request, *args, **kwargs):
        data = validated(DutyRecordInput, request)
        record = services.duty_record_create(**data)
        return Response(DutyRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DutyRecordUpdateInput, responses={200: DutyRecordSerializer})
    def partial_update(self, request, *args, **kwargs):
        record = self.get_object()
        data = validated(DutyRecordUpdateInput, request)
        record = services.duty_record_update(record=record, **data)
        return Response(DutyRecordSerializer(record).data)

    def destroy(self, request, *args, **kwargs):
        services.duty_record_delete(record=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class PartnerViewSet(viewsets.ReadOnlyModelViewSet):
    """Partner organisations (a partner sees itself). Queries: count, partners, their
    neighbourhood ids."""

    serializer_class = PartnerSerializer
    filterset_class = team_filters.PartnerFilter
    ordering_fields = ["name", "id"]
    ordering = ["name"]

    def get_queryset(self):
        return (
            partners_visible(Scope.of(self.request.user))
            .prefetch_related(Prefetch("neighbourhoods", queryset=Neighbourhood.objects.only("id")))
            .order_by("name", "id")
        )
