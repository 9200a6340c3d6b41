"""/api/v1/plans/ with /plans/{id}/actions/ and /plans/{id}/reviews/.

Writes call ``problemsolving.services``. A PATCH or stage change must send the ``version`` it
read; a stale one gets 409. Police roles read the force's whole library of plans; a partner
the plans it owns or has actions on, in its neighbourhoods. Who may change a plan, add actions
and reviews, or tick an action done is in ``problemsolving.selectors`` (DESIGN.md section 5):
a plan the caller may read but not change gets 403.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from accounts.selectors import users_nameable
from npms.api_fields import ScopedPrimaryKeyRelatedField, validated
from npms.pagination import PagePagination
from npms.scope import Scope
from priorities.selectors import priorities_manageable
from problemsolving import filters as plan_filters
from problemsolving import services
from problemsolving.models import Action, ActionCategory, Plan, PlanOutcome, PlanReview, Stage
from problemsolving.selectors import (
    plan_actions_completable,
    plan_quality,
    plans_contributable,
    plans_manageable,
    plans_visible,
)
from teams.selectors import neighbourhoods_manageable, partners_visible


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class PartnerIdsField(serializers.Field):
    """The ids of the partners taking part: from the list's ``partner_ids`` annotation (no
    query per row) or, on a single plan, from the relation."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, plan):
        ids = getattr(plan, "partner_ids", None)
        if ids is None:
            ids = [p.pk for p in plan.partners.all()]
        return sorted(ids)


QUALITY_SCHEMA = {
    "type": "object",
    "properties": {
        "score": {"type": "integer"},
        "max": {"type": "integer"},
        "checks": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "code": {"type": "string"},
                    "label": {"type": "string"},
                    "met": {"type": "boolean"},
                },
            },
        },
    },
}


class PlanSerializer(serializers.ModelSerializer):
    partners = PartnerIdsField()

    class Meta:
        model = Plan
        fields = [
            "id",
            "priority",
            "neighbourhood",
            "title",
            "stage",
            "owner",
            "owner_partner",
            "scan",
            "objectives",
            "victim",
            "offender",
            "location",
            "data_sources",
            "partners",
            "risk_assessment",
            "community_impact",
            "response_summary",
            "assessment",
            "outcome",
            "opened_on",
            "next_review_on",
            "closed_on",
            "closure_justification",
            "version",
            "updated_at",
        ]


class PlanDetailSerializer(PlanSerializer):
    quality = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "quality"]

    @extend_schema_field(QUALITY_SCHEMA)
    def get_quality(self, plan) -> dict:
        return plan_quality(plan)


class PlanInput(serializers.Serializer):
    neighbourhood = ScopedPrimaryKeyRelatedField(scope=neighbourhoods_manageable)
    title = serializers.CharField(max_length=200)
    opened_on = serializers.DateField()
    priority = ScopedPrimaryKeyRelatedField(
        scope=priorities_manageable, required=False, allow_null=True
    )
    owner = ScopedPrimaryKeyRelatedField(scope=users_nameable, required=False, allow_null=True)
    owner_partner = ScopedPrimaryKeyRelatedField(
        scope=partners_visible, required=False, allow_null=True
    )
    scan = serializers.CharField(required=False, allow_blank=True)
    objectives = serializers.CharField(required=False, allow_blank=True)
    victim = serializers.CharField(required=False, allow_blank=True)
    offender = serializers.CharField(required=False, allow_blank=True)
    location = serializers.CharField(required=False, allow_blank=True)
    data_sources = serializers.CharField(required=False, allow_blank=True)
    partners = ScopedPrimaryKeyRelatedField(scope=partners_visible, many=True, required=False)


class PlanUpdateInput(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text="The version you read; 409 when stale."
    )
    title = serializers.CharField(max_length=200, required=False)
    owner = ScopedPrimaryKeyRelatedField(scope=users_nameable, required=False, allow_null=True)
    owner_partner = ScopedPrimaryKeyRelatedField(
        scope=partners_visible, required=False, allow_null=True
    )
    scan = serializers.CharField(required=False, allow_blank=True)
    victim = serializers.CharField(required=False, allow_blank=True)
    offender = serializers.CharField(required=False, allow_blank=True)
    location = serializers.CharField(required=False, allow_blank=True)
    objectives = serializers.CharField(required=False, allow_blank=True)
    data_sources = serializers.CharField(required=False, allow_blank=True)
    partners = ScopedPrimaryKeyRelatedField(scope=partners_visible, many=True, required=False)
    risk_assessment = serializers.CharField(required=False, allow_blank=True)
    community_impact = serializers.CharField(required=False, allow_blank=True)
    response_summary = serializers.CharField(required=False, allow_blank=True)
    assessment = serializers.CharField(required=False, allow_blank=True)
    closure_justification = serializers.CharField(required=False, allow_blank=True)


class PlanAdvanceInput(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    stage = serializers.ChoiceField(choices=Stage.choices)
    outcome = serializers.ChoiceField(choices=PlanOutcome.choices, required=False)
    closed_on = serializers.DateField(required=False)
    closure_justification = serializers.CharField(required=False, allow_blank=True)


class ActionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = [
            "id",
            "plan",
            "category",
            "description",
            "owner",
            "owner_partner",
            "due_on",
            "done_on",
            "updated_at",
        ]


class ActionInput(serializers.Serializer):
    category = serializers.ChoiceField(choices=ActionCategory.choices)
    description = serializers.CharField()
    owner = ScopedPrimaryKeyRelatedField(scope=users_nameable, required=False, allow_null=True)
    owner_partner = ScopedPrimaryKeyRelatedField(
        scope=partners_visible, required=False, allow_null=True
    )
    due_on = serializers.DateField(required=False, allow_null=True)


class ActionCompleteInput(serializers.Serializer):
    done_on = serializers.DateField()


class PlanReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanReview
        fields = ["id", "plan", "date", "reviewer", "notes", "updated_at"]


class PlanReviewInput(serializers.Serializer):
    date = serializers.DateField()
    notes = serializers.CharField()


NESTED = {"pagination_class": PagePagination, "filter_backends": []}


class PlanViewSet(mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet):
    """SARA problem-solving plans. Queries: count, one page."""

    serializer_class = PlanSerializer
    filterset_class = plan_filters.PlanFilter
    ordering_fields = ["opened_on", "next_review_on", "updated_at", "id"]
    ordering = ["-opened_on", "-id"]
    write_resource = "plan"
    write_resources = {
        "actions": "plan_action",
        "complete_action": "plan_action",
        "reviews": "plan_review",
    }
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action == "actions":
            return ActionSerializer
        if self.action == "reviews":
            return PlanReviewSerializer
        if self.action == "retrieve":
            return PlanDetailSerializer
        return PlanSerializer

    def get_queryset(self):
        partner_ids = Plan.partners.through.objects.filter(plan_id=OuterRef("pk"))
        return (
            plans_visible(Scope.of(self.request.user))
            .annotate(partner_ids=ArraySubquery(partner_ids.values("partner_id")))
            .order_by("-opened_on", "-id")
        )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        # A search lists the best match first unless the caller chose an ordering.
        if self.request.query_params.get("search", "").strip() and not (
            self.request.query_params.get("ordering")
        ):
            queryset = queryset.order_by("-search_rank", "-opened_on", "-id")
        return queryset

    def _plan_for(self, writable) -> Plan:
        """The plan of the URL (404 when the caller may not read it), and 403 when ``writable``
        (a selector taking the scope) does not include it."""
        plan = self.get_object()
        if not writable(Scope.of(self.request.user)).filter(pk=plan.pk).exists():
            raise PermissionDenied("You may read this plan but not change it.")
        return plan

    @extend_schema(request=PlanInput, responses={201: PlanSerializer})
    def create(self, request, *args, **kwargs):
        data = validated(PlanInput, request)
        plan = services.plan_create(author=request.user, **data)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=PlanUpdateInput,
        responses={200: PlanSerializer},
        description="Change a plan. Send the `version` you read: 409 when it is stale.",
    )
    def partial_update(self, request, *args, **kwargs):
        plan = self._plan_for(plans_manageable)
        data = validated(PlanUpdateInput, request)
        plan = services.plan_update(plan=plan, author=request.user, **data)
        return Response(PlanSerializer(plan).data)

    @extend_schema(request=PlanAdvanceInput, responses={200: PlanSerializer})
    @action(detail=True, methods=["post"])
    def advance(self, request, pk=None):
        """Move the plan to another SARA stage (closing needs an outcome)."""
        plan = self._plan_for(plans_manageable)
        data = validated(PlanAdvanceInput, request)
        plan = services.plan_advance(plan=plan, author=request.user, **data)
        return Response(PlanSerializer(plan).data)

    @extend_schema(methods=["GET"], responses={200: ActionSerializer(many=True)})
    @extend_schema(methods=["POST"], request=ActionInput, responses={201: ActionSerializer})
    @action(detail=True, methods=["get", "post"], **NESTED)
    def actions(self, request, pk=None):
        """The plan's EPIC actions, soonest due first."""
        plan = self.get_object()
        if request.method == "POST":
            plan = self._plan_for(plans_contributable)
            data = validated(ActionInput, request)
            created = services.action_create(plan=plan, **data)
            return Response(ActionSerializer(created).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(Action.objects.filter(plan=plan).order_by("due_on", "id"))
        return self.get_paginated_response(ActionSerializer(page, many=True).data)

    @extend_schema(
        request=ActionCompleteInput,
        responses={200: ActionSerializer},
        parameters=[OpenApiParameter("action_id", int, OpenApiParameter.PATH)],
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"actions/(?P<action_id>[^/]+)/complete",
        url_name="action-complete",
        filter_backends=[],
    )
    def complete_action(self, request, pk=None, action_id=None):
        """Mark one of the plan's actions done on ``done_on``."""
        plan = self.get_object()
        target = get_object_or_404(Action, plan=plan, pk=action_id)
        completable = plan_actions_completable(Scope.of(request.user), plan=plan)
        if not completable.filter(pk=target.pk).exists():
            raise PermissionDenied("You may mark done only the actions you may act on.")
        data = validated(ActionCompleteInput, request)
        target = services.action_complete(action=target, **data)
        return Response(ActionSerializer(target).data)

    @extend_schema(methods=["GET"], responses={200: PlanReviewSerializer(many=True)})
    @extend_schema(methods=["POST"], request=PlanReviewInput, responses={201: PlanReviewSerializer})
    @action(detail=True, methods=["get", "post"], **NESTED)
    def reviews(self, request, pk=None):
        """Supervisors' (and owning partners') reviews of the plan, newest first."""
        plan = self.get_object()
        if request.method == "POST":
            plan = self._plan_for(plans_contributable)
            data = validated(PlanReviewInput, request)
            review = services.plan_review_add(plan=plan, reviewer=request.user, **data)
            return Response(PlanReviewSerializer(review).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(PlanReview.objects.filter(plan=plan).order_by("-date", "-id"))
        return self.get_paginated_response(PlanReviewSerializer(page, many=True).data)
