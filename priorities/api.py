"""/api/v1/priorities/ and /api/v1/priorities/{id}/reviews/.

Writes call ``priorities.services`` (the same services as the browser pages). A PATCH, close
or reopen must send the ``version`` it read; a stale one gets 409 and nothing is saved.
Partners see only public priorities in their neighbourhoods, their public fields and their
public reviews (DESIGN.md section 5).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from engagement.selectors import events_visible
from npms.api_fields import GeoJSONPointField, ScopedPrimaryKeyRelatedField, validated
from npms.pagination import FeedCursorPagination, PagePagination
from npms.scope import Scope
from priorities import filters as priority_filters
from priorities import services
from priorities.models import (
    Category,
    Outcome,
    Priority,
    PriorityReview,
    ReviewKind,
    SetBy,
    Source,
)
from priorities.selectors import (
    priorities_manageable,
    priorities_visible,
    priority_reviews_visible,
)
from teams.selectors import neighbourhoods_manageable

PRIORITY_PUBLIC_FIELDS = [
    "id",
    "neighbourhood",
    "title",
    "description",
    "where",
    "when",
    "category",
    "date_set",
    "status",
    "closed_on",
    "outcome",
    "public_signoff",
    "updated_at",
]


class PriorityPublicSerializer(serializers.ModelSerializer):
    """What a partner may see of a public priority."""

    class Meta:
        model = Priority
        fields = PRIORITY_PUBLIC_FIELDS


class PrioritySerializer(serializers.ModelSerializer):
    """A priority as the police see it. Partners get only the fields of PriorityPublic."""

    location = GeoJSONPointField(allow_null=True)

    class Meta:
        model = Priority
        fields = [
            *PRIORITY_PUBLIC_FIELDS,
            "who",
            "source",
            "set_by",
            "raised_at",
            "location",
            "public",
            "withdrawn_reason",
            "version",
        ]


class PriorityInput(serializers.Serializer):
    neighbourhood = ScopedPrimaryKeyRelatedField(scope=neighbourhoods_manageable)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField()
    where = serializers.CharField(max_length=300, required=False, allow_blank=True)
    when = serializers.CharField(max_length=300, required=False, allow_blank=True)
    who = serializers.CharField(max_length=300, required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=Category.choices)
    source = serializers.ChoiceField(choices=Source.choices)
    set_by = serializers.ChoiceField(choices=SetBy.choices)
    date_set = serializers.DateField()
    raised_at = ScopedPrimaryKeyRelatedField(scope=events_visible, required=False, allow_null=True)
    location = GeoJSONPointField(required=False, allow_null=True)
    public = serializers.BooleanField(required=False)


class PriorityUpdateInput(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The version you read; 409 when stale."
    )
    title = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(required=False)
    where = serializers.CharField(max_length=300, required=False, allow_blank=True)
    when = serializers.CharField(max_length=300, required=False, allow_blank=True)
    who = serializers.CharField(max_length=300, required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    source = serializers.ChoiceField(choices=Source.choices, required=False)
    set_by = serializers.ChoiceField(choices=SetBy.choices, required=False)
    date_set = serializers.DateField(required=False)
    location = GeoJSONPointField(required=False, allow_null=True)
    public = serializers.BooleanField(required=False)


class PriorityCloseInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    closed_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    public_signoff = serializers.BooleanField(
        help_text="The forum agreed it is dealt with; needed unless the outcome is withdrawn."
    )
    withdrawn_reason = serializers.CharField(
        required=False, allow_blank=True, help_text="Needed when the outcome is withdrawn."
    )
    feedback = serializers.CharField(required=False, allow_blank=True)


class PriorityReopenInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)


class PriorityReviewPublicSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriorityReview
        fields = ["id", "priority", "date", "kind", "text"]


class PriorityReviewSerializer(serializers.ModelSerializer):
    """A review as the police see it; partners get PriorityReviewPublic (public ones only)."""

    class Meta:
        model = PriorityReview
        fields = ["id", "priority", "date", "kind", "text", "public", "author", "updated_at"]


class PriorityReviewInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReviewKind.choices)
    text = serializers.CharField()
    date = serializers.DateField()
    public = serializers.BooleanField(required=False, default=True)


class PriorityViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
):
    """Community priorities. Keyset-paginated: one query per page.

    Partners receive only the public fields (those of ``PriorityPublic``) of public priorities
    in their neighbourhoods."""

    filterset_class = priority_filters.PriorityFilter
    pagination_class = FeedCursorPagination
    ordering_fields = ["date_set", "updated_at", "id"]
    ordering = ["-date_set", "-id"]
    write_resource = "priority"
    write_resources = {"reviews": "priority_review"}
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        partner = Scope.of(self.request.user).is_partner
        if self.action == "reviews":
            return PriorityReviewPublicSerializer if partner else PriorityReviewSerializer
        return PriorityPublicSerializer if partner else PrioritySerializer

    def get_queryset(self):
        return priorities_visible(Scope.of(self.request.user))

    def _manageable_object(self) -> Priority:
        """The priority of the URL (404 outside the caller's scope), 403 when the caller may
        read but not change it."""
        priority = self.get_object()
        if not priorities_manageable(Scope.of(self.request.user)).filter(pk=priority.pk).exists():
            raise PermissionDenied("You may read this priority but not change it.")
        return priority

    @extend_schema(request=PriorityInput, responses={201: PrioritySerializer})
    def create(self, request, *args, **kwargs):
        data = validated(PriorityInput, request)
        priority = services.priority_create(author=request.user, **data)
        return Response(PrioritySerializer(priority).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=PriorityUpdateInput,
        responses={200: PrioritySerializer},
        description="Change a priority. Send the `version` you read: if someone changed it "
        "since, the answer is 409 and nothing is saved.",
    )
    def partial_update(self, request, *args, **kwargs):
        priority = self._manageable_object()
        data = validated(PriorityUpdateInput, request)
        priority = services.priority_update(priority=priority, author=request.user, **data)
        return Response(PrioritySerializer(priority).data)

    @extend_schema(request=PriorityCloseInput, responses={200: PrioritySerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the priority once the forum agrees (409 when ``version`` is stale)."""
        priority = self._manageable_object()
        data = validated(PriorityCloseInput, request)
        priority = services.priority_close(priority=priority, author=request.user, **data)
        return Response(PrioritySerializer(priority).data)

    @extend_schema(request=PriorityReopenInput, responses={200: PrioritySerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        """Reopen a closed priority (409 when ``version`` is stale)."""
        priority = self._manageable_object()
        data = validated(PriorityReopenInput, request)
        priority = services.priority_reopen(priority=priority, author=request.user, **data)
        return Response(PrioritySerializer(priority).data)

    @extend_schema(
        methods=["GET"],
        responses={200: PriorityReviewSerializer(many=True)},
        description="Reviews, updates and feedback, newest first (partners: public ones).",
    )
    @extend_schema(
        methods=["POST"], request=PriorityReviewInput, responses={201: PriorityReviewSerializer}
    )
    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=PagePagination,
        filter_backends=[],
    )
    def reviews(self, request, pk=None):
        priority = self.get_object()
        if request.method == "POST":
            priority = self._manageable_object()
            data = validated(PriorityReviewInput, request)
            review = services.priority_review_add(priority=priority, author=request.user, **data)
            return Response(PriorityReviewSerializer(review).data, status=status.HTTP_201_CREATED)
        reviews = priority_reviews_visible(Scope.of(request.user), priority=priority)
        reviews = reviews.order_by("-date", "-id")
        page = self.paginate_queryset(reviews)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)
