"""/api/v1/ resources for engagement: events (meetings) and public contacts.

Partners see only public events in their neighbourhoods, and only their public fields; public
contacts and key individuals are police-only (DESIGN.md section 5).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from engagement import filters as engagement_filters
from engagement import services
from engagement.models import Channel, Event, EventKind, PublicContact
from engagement.selectors import contacts_visible, events_visible
from npms.access_log import AccessLoggedViewSetMixin
from npms.api_fields import GeoJSONPointField, ScopedPrimaryKeyRelatedField, validated
from npms.pagination import FeedCursorPagination
from npms.scope import Scope
from teams.models import Force
from teams.selectors import neighbourhoods_visible, teams_recordable

EVENT_PUBLIC_FIELDS = [
    "id",
    "neighbourhood",
    "kind",
    "title",
    "description",
    "address",
    "location",
    "start",
    "end",
    "updated_at",
]


class EventPublicSerializer(serializers.ModelSerializer):
    """What a partner may see of a public event."""

    location = GeoJSONPointField(allow_null=True)

    class Meta:
        model = Event
        fields = EVENT_PUBLIC_FIELDS


class EventSerializer(EventPublicSerializer):
    """An event as the police see it. Partners get only the fields of EventPublic."""

    class Meta:
        model = Event
        fields = [
            *EVENT_PUBLIC_FIELDS,
            "force",
            "team",
            "public",
            "attendance",
            "chair",
            "minutes",
        ]


class EventInput(serializers.Serializer):
    neighbourhood = ScopedPrimaryKeyRelatedField(
        scope=neighbourhoods_visible, required=False, allow_null=True
    )
    team = ScopedPrimaryKeyRelatedField(scope=teams_recordable, required=False, allow_null=True)
    kind = serializers.ChoiceField(choices=EventKind.choices)
    title = serializers.CharField(max_length=200)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField(required=False, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True, max_length=300)
    location = GeoJSONPointField(required=False, allow_null=True)
    public = serializers.BooleanField(required=False)
    attendance = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2**31 - 1
    )
    chair = serializers.CharField(required=False, allow_blank=True, max_length=200)
    minutes = serializers.CharField(required=False, allow_blank=True)


class ContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = PublicContact
        fields = [
            "id",
            "neighbourhood",
            "team",
            "channel",
            "received_at",
            "responded_at",
            "summary",
            "response",
            "note",
            "updated_at",
        ]


class ContactInput(serializers.Serializer):
    neighbourhood = ScopedPrimaryKeyRelatedField(scope=neighbourhoods_visible)
    team = ScopedPrimaryKeyRelatedField(scope=teams_recordable, required=False, allow_null=True)
    channel = serializers.ChoiceField(choices=Channel.choices)
    received_at = serializers.DateTimeField()
    summary = serializers.CharField()
    note = serializers.CharField(required=False, allow_blank=True)
    responded_at = serializers.DateTimeField(required=False, allow_null=True)
    response = serializers.CharField(required=False, allow_blank=True)


class ContactRespondInput(serializers.Serializer):
    responded_at = serializers.DateTimeField()
    response = serializers.CharField()


class EventViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Meetings and other engagement events. Keyset-paginated: one query per page.

    Partners receive only the public fields (those of ``EventPublic``) of public events in
    their neighbourhoods."""

    filterset_class = engagement_filters.EventFilter
    pagination_class = FeedCursorPagination
    ordering_fields = ["start", "id"]
    ordering = ["-start", "-id"]
    write_resource = "event"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        if Scope.of(self.request.user).is_partner:
            return EventPublicSerializer
        return EventSerializer

    def get_queryset(self):
        return events_visible(Scope.of(self.request.user))

    @extend_schema(request=EventInput, responses={201: EventSerializer})
    def create(self, request, *args, **kwargs):
        data = validated(EventInput, request)
        neighbourhood, team = data.get("neighbourhood"), data.get("team")
        scope = Scope.of(request.user)
        if neighbourhood is not None:
            force = neighbourhood.force
        elif team is not None:
            force = team.bcu.force
        elif scope.force_wide:
            force = Force.objects.get(pk=scope.force_id)
        else:
            raise serializers.ValidationError(
                {"neighbourhood": ["Give the event's neighbourhood or team."]}
            )
        event = services.event_create(force=force, **data)
        return Response(EventSerializer(event).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=EventInput, responses={200: EventSerializer})
    def partial_update(self, request, *args, **kwargs):
        event = self.get_object()
        data = validated(EventInput, request, partial=True)
        event = services.event_update(event=event, **data)
        return Response(EventSerializer(event).data)


class ContactViewSet(
    AccessLoggedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Messages from the public and the replies (police only). Queries: count, one page, and
    the access-log row (DESIGN.md 3, "audit") when the page shows any."""

    access_log_object_type = "engagement.publiccontact"

    serializer_class = ContactSerializer
    filterset_class = engagement_filters.ContactFilter
    ordering_fields = ["received_at", "responded_at", "id"]
    ordering = ["-received_at", "-id"]
    write_resource = "contact"

    def get_queryset(self):
        return contacts_visible(Scope.of(self.request.user)).order_by("-received_at", "-id")

    @extend_schema(request=ContactInput, responses={201: ContactSerializer})
    def create(self, request, *args, **kwargs):
        data = validated(ContactInput, request)
        contact = services.contact_create(**data)
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ContactRespondInput, responses={200: ContactSerializer})
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        """Record the reply given to the member of the public."""
        contact = self.get_object()
        data = validated(ContactRespondInput, request)
        contact = services.contact_respond(contact=contact, **data)
        return Response(ContactSerializer(contact).data)
