"""/api/v1/inspections/ (DESIGN.md section 6): open an inspection (its evidence frozen), list
and grade its judgements, list and add its recommendations.

Who may do what is ``inspections.selectors`` (DESIGN.md section 5): reading follows
``inspections_visible``; writing ``inspections_writable`` (inspector and force admin
force-wide, a BCU commander its BCU and its teams). An inspection outside the caller's
reading scope is 404; one it may read but not change gets 403 for a change. Opening one needs
a role that may open some scope (else 403), and a force / BCU / team inside what the caller may
open (else 400 naming the field, as if it did not exist). Writes call
``inspections.services``.
"""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from accounts.selectors import users_nameable
from inspections import services
from inspections.models import (
    Framework,
    Grade,
    Inspection,
    Judgement,
    Recommendation,
    RecommendationStatus,
    ScopeType,
)
from inspections.selectors import (
    inspection_scopes_openable,
    inspections_visible,
    inspections_writable,
    recommendations_visible,
)
from npms.api_fields import ScopedPrimaryKeyRelatedField, validated
from npms.pagination import PagePagination
from npms.scope import Scope


class InspectionSerializer(serializers.ModelSerializer):
    framework_code = serializers.CharField(source="framework.code", read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "framework",
            "framework_code",
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


def _openable(level: str):
    def scope(caller: Scope):
        return inspection_scopes_openable(caller)[level]

    return scope


class InspectionOpenInput(serializers.Serializer):
    framework = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Framework.objects.all(),
        help_text="hmic-2008, npia-self-assessment or np-guarantee-2025.",
    )
    scope_type = serializers.ChoiceField(choices=ScopeType.choices)
    force = ScopedPrimaryKeyRelatedField(scope=_openable("force"), required=False)
    bcu = ScopedPrimaryKeyRelatedField(scope=_openable("bcu"), required=False)
    team = ScopedPrimaryKeyRelatedField(scope=_openable("team"), required=False)
    title = serializers.CharField(max_length=200)
    start_date = serializers.DateField(
        help_text="Evidence is computed for the 90 days ending on this day (or as of it)."
    )
    end_date = serializers.DateField(required=False, allow_null=True)


@extend_schema_field(OpenApiTypes.OBJECT)
class EvidenceField(serializers.JSONField):
    pass


class JudgementSerializer(serializers.ModelSerializer):
    criterion_code = serializers.CharField(source="criterion.code", read_only=True)
    theme = serializers.CharField(source="criterion.theme", read_only=True)
    metric = serializers.CharField(source="criterion.metric", read_only=True)
    computed_evidence = EvidenceField(
        read_only=True,
        help_text='Frozen when the inspection opened: {"metric", "value", "threshold", "met", '
        '"start", "end"} or "as_of"; {} for a criterion without a metric.',
    )

    class Meta:
        model = Judgement
        fields = [
            "id",
            "criterion",
            "criterion_code",
            "theme",
            "metric",
            "grade",
            "evidence",
            "computed_evidence",
            "looking_fors_met",
            "serious_omission",
            "updated_at",
        ]


class JudgementInput(serializers.Serializer):
    grade = serializers.ChoiceField(
        choices=Grade.choices,
        required=False,
        allow_blank=True,
        help_text="One of the framework's grades; empty clears it.",
    )
    evidence = serializers.CharField(required=False, allow_blank=True)
    looking_fors_met = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=1000),
        required=False,
        max_length=100,
        help_text="Codes of the criterion's looking-fors found met (self-assessment).",
    )
    serious_omission = serializers.BooleanField(required=False)


class RecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Recommendation
        fields = [
            "id",
            "inspection",
            "text",
            "owner",
            "due_on",
            "status",
            "closed_on",
            "repeats",
            "updated_at",
        ]


class RecommendationInput(serializers.Serializer):
    text = serializers.CharField()
    owner = ScopedPrimaryKeyRelatedField(scope=users_nameable, required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=RecommendationStatus.choices, required=False)
    closed_on = serializers.DateField(required=False, allow_null=True)
    repeats = ScopedPrimaryKeyRelatedField(
        scope=recommendations_visible,
        required=False,
        allow_null=True,
        help_text="A recommendation of an earlier inspection of the force that this repeats.",
    )


class RecommendationUpdateInput(RecommendationInput):
    text = serializers.CharField(required=False)


NESTED = {"pagination_class": PagePagination, "filter_backends": []}
JUDGEMENT_ID = OpenApiParameter("judgement_id", int, OpenApiParameter.PATH)
RECOMMENDATION_ID = OpenApiParameter("recommendation_id", int, OpenApiParameter.PATH)


class InspectionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Inspections in the caller's scope. Queries: count, one page."""

    serializer_class = InspectionSerializer
    filterset_fields = ["scope_type"]
    ordering_fields = ["start_date", "id"]
    ordering = ["-start_date", "-id"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    # Opening needs a writer role (npms.permissions.WRITERS); changes to an inspection are
    # checked against inspections_writable once the inspection is found (404 before 403).
    write_resources = {"create": "inspection"}

    def get_queryset(self):
        return (
            inspections_visible(Scope.of(self.request.user))
            .select_related("framework")
            .order_by("-start_date", "-id")
        )

    def get_serializer_class(self):
        if self.action in ("judgements", "judgement"):
            return JudgementSerializer
        if self.action in ("recommendations", "recommendation"):
            return RecommendationSerializer
        return InspectionSerializer

    def _writable(self) -> Inspection:
        """The inspection of the URL (404 when the caller may not read it), 403 when the
        caller may read but not change it."""
        inspection = self.get_object()
        if not inspections_writable(Scope.of(self.request.user)).filter(pk=inspection.pk).exists():
            raise PermissionDenied("You may read this inspection but not change it.")
        return inspection

    @extend_schema(request=InspectionOpenInput, responses={201: InspectionSerializer})
    def create(self, request, *args, **kwargs):
        """Open an inspection: a judgement per criterion, evidence computed and frozen."""
        data = validated(InspectionOpenInput, request)
        inspection = services.inspection_open(author=request.user, **data)
        return Response(InspectionSerializer(inspection).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: JudgementSerializer(many=True)})
    @action(detail=True, methods=["get"], **NESTED)
    def judgements(self, request, pk=None):
        """One judgement per criterion, in the framework's order."""
        inspection = self.get_object()
        judgements = (
            Judgement.objects.filter(inspection=inspection)
            .select_related("criterion")
            .order_by("criterion__order", "criterion__code")
        )
        page = self.paginate_queryset(judgements)
        return self.get_paginated_response(JudgementSerializer(page, many=True).data)

    @extend_schema(
        request=JudgementInput, responses={200: JudgementSerializer}, parameters=[JUDGEMENT_ID]
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"judgements/(?P<judgement_id>[^/]+)",
        url_name="judgement",
        filter_backends=[],
    )
    def judgement(self, request, pk=None, judgement_id=None):
        """Grade one criterion: grade (one of the framework's), evidence text, and for the
        self-assessment the looking-fors met and a serious omission."""
        inspection = self._writable()
        target = get_object_or_404(Judgement, inspection=inspection, pk=_int_or_404(judgement_id))
        data = validated(JudgementInput, request)
        target = services.judgement_update(judgement=target, author=request.user, **data)
        return Response(JudgementSerializer(target).data)

    @extend_schema(methods=["GET"], responses={200: RecommendationSerializer(many=True)})
    @extend_schema(
        methods=["POST"], request=RecommendationInput, responses={201: RecommendationSerializer}
    )
    @action(detail=True, methods=["get", "post"], **NESTED)
    def recommendations(self, request, pk=None):
        """The inspection's recommendations, soonest due first."""
        if request.method == "POST":
            inspection = self._writable()
            data = validated(RecommendationInput, request)
            created = services.recommendation_create(
                inspection=inspection, author=request.user, **data
            )
            return Response(RecommendationSerializer(created).data, status=status.HTTP_201_CREATED)
        inspection = self.get_object()
        page = self.paginate_queryset(
            Recommendation.objects.filter(inspection=inspection).order_by("due_on", "id")
        )
        return self.get_paginated_response(RecommendationSerializer(page, many=True).data)

    @extend_schema(
        request=RecommendationUpdateInput,
        responses={200: RecommendationSerializer},
        parameters=[RECOMMENDATION_ID],
    )
    @action(
        detail=True,
        methods=["patch"],
        url_path=r"recommendations/(?P<recommendation_id>[^/]+)",
        url_name="recommendation",
        filter_backends=[],
    )
    def recommendation(self, request, pk=None, recommendation_id=None):
        """Change a recommendation: its owner, due date, status (closing needs closed_on)."""
        inspection = self._writable()
        target = get_object_or_404(
            Recommendation, inspection=inspection, pk=_int_or_404(recommendation_id)
        )
        data = validated(RecommendationUpdateInput, request)
        target = services.recommendation_update(recommendation=target, author=request.user, **data)
        return Response(RecommendationSerializer(target).data)


def _int_or_404(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number < 2**63:
        raise Http404
    return number
