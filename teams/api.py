"""/api/v1/ resources for force structure and people: forces, BCUs, neighbourhoods, teams,
members, postings, duty records and partners.

Views only translate HTTP to calls: reads are narrowed by ``npms.scoping``, writes go through
``teams.services``; the roles that may write are in ``npms.permissions.WRITERS``.
"""

import json

from django.contrib.gis.geos import MultiPolygon, Point
from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from npms.coordinates import CoordinateError, OutOfRange, lat_lng
from npms.pagination import FeedCursorPagination
from npms.permissions import OfficerOwnDutyRecords, writable_members
from npms.scoping import (
    is_police,
    visible_bcus,
    visible_forces,
    visible_members,
    visible_neighbourhoods,
    visible_partners,
    visible_teams,
)
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

# ---------------------------------------------------------------------------------------------
# GeoJSON fields (WGS84, RFC 7946 order: [longitude, latitude]).

POINT_SCHEMA = {
    "type": "object",
    "description": "A GeoJSON Point in WGS84: coordinates are [longitude, latitude].",
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {
            "type": "array",
            "items": {"type": "number"},
            "minItems": 2,
            "maxItems": 2,
        },
    },
    "required": ["type", "coordinates"],
}

MULTIPOLYGON_SCHEMA = {
    "type": "object",
    "description": "A GeoJSON MultiPolygon in WGS84 ([longitude, latitude] positions).",
    "properties": {
        "type": {"type": "string", "enum": ["MultiPolygon"]},
        "coordinates": {
            "type": "array",
            "items": {
                "type": "array",
                "items": {
                    "type": "array",
                    "items": {"type": "array", "items": {"type": "number"}},
                },
            },
        },
    },
    "required": ["type", "coordinates"],
}


@extend_schema_field(POINT_SCHEMA)
class GeoJSONPointField(serializers.Field):
    """A location as a GeoJSON Point. Input is checked by hand (never handed to GDAL as text,
    DESIGN.md section 9): a dict with type "Point" and two finite numbers in range."""

    default_error_messages = {
        # Doubled braces: DRF formats these messages with str.format().
        "invalid": 'Give a GeoJSON Point: {{"type": "Point", "coordinates": [lng, lat]}}.',
        "range": "Longitude must be between -180 and 180 and latitude between -90 and 90.",
    }

    def to_representation(self, value):
        if value is None:
            return None
        return {"type": "Point", "coordinates": [value.x, value.y]}

    def to_internal_value(self, data):
        if not isinstance(data, dict) or data.get("type") != "Point":
            self.fail("invalid")
        coords = data.get("coordinates")
        if not isinstance(coords, list | tuple) or len(coords) != 2:
            self.fail("invalid")
        if not all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords):
            self.fail("invalid")
        try:
            lat, lng = lat_lng(coords[1], coords[0])
        except OutOfRange:
            self.fail("range")
        except CoordinateError:
            self.fail("invalid")
        return Point(lng, lat, srid=4326)


@extend_schema_field({**MULTIPOLYGON_SCHEMA, "nullable": True})
class GeoJSONMultiPolygonField(serializers.Field):
    """A boundary as a GeoJSON MultiPolygon (read-only here)."""

    def to_representation(self, value: MultiPolygon | None):
        if value is None:
            return None
        return json.loads(value.geojson)


def decimal_field(**kwargs) -> serializers.DecimalField:
    """Decimals as JSON numbers (hours, FTE, fractions), as the metrics endpoints give them."""
    return serializers.DecimalField(coerce_to_string=False, **kwargs)


# ---------------------------------------------------------------------------------------------
# Serializers


class ForceSerializer(serializers.ModelSerializer):
    abstraction_limit = decimal_field(max_digits=4, decimal_places=3)
    supervision_span_limit = decimal_field(max_digits=5, decimal_places=2)

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
            "supervision_span_limit",
            "priority_review_days",
            "contact_response_hours",
            "meeting_interval_days",
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


@extend_schema_field(OpenApiTypes.INT)
class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related id that must be inside the caller's scope: ``scope(user) -> queryset``.

    An id outside the scope gets the same 400 as an id that does not exist, so ids do not
    leak (DESIGN.md section 5)."""

    def __init__(self, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.scope(request.user)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            pk = int(data)
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not -(2**63) < pk < 2**63:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(pk)


class PostingInput(serializers.Serializer):
    member = ScopedPrimaryKeyRelatedField(scope=visible_members)
    team = ScopedPrimaryKeyRelatedField(scope=visible_teams)
    role = serializers.ChoiceField(choices=PostingRole.choices)
    fte = serializers.DecimalField(max_digits=3, decimal_places=2, default=1, required=False)
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    hybrid = serializers.BooleanField(required=False, default=False)


class PostingEndInput(serializers.Serializer):
    end_date = serializers.DateField()


class DutyRecordInput(serializers.Serializer):
    member = ScopedPrimaryKeyRelatedField(scope=writable_members)
    team = ScopedPrimaryKeyRelatedField(scope=visible_teams)
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
        return visible_forces(self.request.user).order_by("name", "id")


class BCUViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = BCUSerializer
    filterset_class = team_filters.BCUFilter
    ordering_fields = ["name", "code", "id"]
    ordering = ["name"]

    def get_queryset(self):
        return visible_bcus(self.request.user).order_by("name", "id")


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
        qs = visible_neighbourhoods(self.request.user).order_by("name", "id")
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
            visible_teams(self.request.user)
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
        return visible_members(self.request.user).order_by("name", "id")


@extend_schema(description="Postings of members to teams in the caller's scope (police only).")
class PostingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PostingSerializer
    filterset_class = team_filters.PostingFilter
    ordering_fields = ["start_date", "end_date", "id"]
    ordering = ["-start_date", "-id"]
    write_resource = "posting"

    def get_queryset(self):
        user = self.request.user
        if not is_police(user):
            return Posting.objects.none()
        return Posting.objects.filter(team__in=visible_teams(user)).order_by("-start_date", "-id")

    @extend_schema(request=PostingInput, responses={201: PostingSerializer})
    def create(self, request, *args, **kwargs):
        data = _valid(PostingInput, request)
        posting = services.posting_create(**data)
        return Response(PostingSerializer(posting).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PostingEndInput, responses={200: PostingSerializer})
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        """End the posting on ``end_date`` (the last day in post)."""
        posting = self.get_object()
        data = _valid(PostingEndInput, request)
        posting = services.posting_end(posting=posting, **data)
        return Response(PostingSerializer(posting).data)


class DutyRecordViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Duty time (police only; never partners). Keyset-paginated: one query per page."""

    serializer_class = DutyRecordSerializer
    filterset_class = team_filters.DutyRecordFilter
    pagination_class = FeedCursorPagination
    ordering_fields = ["date", "id"]
    ordering = ["-date", "-id"]
    write_resource = "duty_record"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_permissions(self):
        return [*super().get_permissions(), OfficerOwnDutyRecords()]

    def get_queryset(self):
        user = self.request.user
        if not is_police(user):
            return DutyRecord.objects.none()
        qs = DutyRecord.objects.filter(team__in=visible_teams(user))
        if self.action in ("partial_update", "destroy"):
            qs = qs.select_related("member", "team__bcu")
        return qs

    @extend_schema(request=DutyRecordInput, responses={201: DutyRecordSerializer})
    def create(self, request, *args, **kwargs):
        data = _valid(DutyRecordInput, request)
        record = services.duty_record_create(**data)
        return Response(DutyRecordSerializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DutyRecordUpdateInput, responses={200: DutyRecordSerializer})
    def partial_update(self, request, *args, **kwargs):
        record = self.get_object()
        data = _valid(DutyRecordUpdateInput, request)
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
            visible_partners(self.request.user)
            .prefetch_related(Prefetch("neighbourhoods", queryset=Neighbourhood.objects.only("id")))
            .order_by("name", "id")
        )


def _valid(serializer_class, request, **kwargs) -> dict:
    """Validate the request body with ``serializer_class``; 400 names the fields."""
    serializer = serializer_class(data=request.data, context={"request": request}, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
