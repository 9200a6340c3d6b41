"""The metric API, /api/v1/metrics/ (DESIGN.md section 6): live figures for one scope.

Each endpoint takes exactly one scope parameter (an id) and a date (``as_of``) or a period
(``start``, ``end``; inclusive), all YYYY-MM-DD. Bad, missing or unknown parameters get 400
naming the parameter; a scope that exists but is outside the caller's reading scope gets 404
(ids do not leak). The formulas are the selectors' (dashboards.selectors); this module only
translates HTTP.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from dashboards import selectors
from npms.dates import date_in_range
from npms.scope import Scope

DATE_FORMATS = ["%Y-%m-%d"]
SCOPE_HELP = {
    "member": "Member id (abstraction only).",
    "neighbourhood": "Neighbourhood id.",
    "team": "Team id.",
    "bcu": "BCU id.",
    "force": "Force id.",
}


def query_serializer(name: str, levels: tuple[str, ...], period: bool) -> type:
    """A serializer for the query parameters of a metric endpoint (documented in OpenAPI)."""
    fields = {
        level: serializers.IntegerField(min_value=1, required=False, help_text=SCOPE_HELP[level])
        for level in levels
    }
    if period:
        fields["start"] = serializers.DateField(
            input_formats=DATE_FORMATS,
            validators=[date_in_range],
            help_text="First day of the period (YYYY-MM-DD).",
        )
        fields["end"] = serializers.DateField(
            input_formats=DATE_FORMATS,
            validators=[date_in_range],
            help_text="Last day of the period, inclusive.",
        )
    else:
        fields["as_of"] = serializers.DateField(
            input_formats=DATE_FORMATS,
            validators=[date_in_range],
            help_text="The day the figures are taken on (YYYY-MM-DD).",
        )

    def validate(self, attrs):
        given = [level for level in levels if attrs.get(level) is not None]
        if len(given) != 1:
            got = f" (got {', '.join(given)})" if given else ""
            raise ValidationError(
                {"scope": [f"Give exactly one of the parameters {', '.join(levels)}{got}."]}
            )
        if period and attrs["end"] < attrs["start"]:
            raise ValidationError({"end": ["end must not be before start."]})
        attrs["scope"] = (given[0], attrs[given[0]])
        return attrs

    return type(name, (serializers.Serializer,), {**fields, "validate": validate})


class ScopeSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=selectors.LEVELS)
    id = serializers.IntegerField()
    name = serializers.CharField()


class MetricBase(serializers.Serializer):
    scope = ScopeSerializer()


class PeriodBase(MetricBase):
    start = serializers.DateField()
    end = serializers.DateField()


class PointBase(MetricBase):
    as_of = serializers.DateField()


class RoleFiguresSerializer(serializers.Serializer):
    working_hours = serializers.FloatField()
    abstracted_hours = serializers.FloatField()
    rate = serializers.FloatField(allow_null=True)
    protected_rate = serializers.FloatField(allow_null=True)


class AbstractionSerializer(PeriodBase):
    working_hours = serializers.FloatField(help_text="Hours of dedicated and abstracted work.")
    abstracted_hours = serializers.FloatField()
    rate = serializers.FloatField(
        allow_null=True, help_text="abstracted / working; null when no working hours."
    )
    protected_rate = serializers.FloatField(allow_null=True, help_text="1 - rate.")
    limit = serializers.FloatField(help_text="The force's abstraction limit (fraction).")
    breach = serializers.BooleanField(help_text="rate > limit.")
    by_activity = serializers.DictField(
        child=serializers.FloatField(), help_text="Hours by activity (paid overtime excluded)."
    )
    by_role = serializers.DictField(
        child=RoleFiguresSerializer(),
        help_text="Figures by the member's posting role on the record's date (the posting in the "
        "record's team, else the member's posting that day in another team).",
    )
    paid_overtime_hours = serializers.FloatField(help_text="Left out of both sides.")
    patrol_hours = serializers.FloatField(help_text="Hours of patrol (paid overtime excluded).")
    on_duty_hours = serializers.FloatField(
        help_text="Working hours without rest days and annual leave: the time on duty."
    )
    patrol_share = serializers.FloatField(
        allow_null=True,
        help_text="patrol_hours / on_duty_hours: the share of working time on patrol "
        "(NPIA's '% time spent on patrol'); null with no time on duty.",
    )
    sickness_is_abstraction = serializers.BooleanField(
        help_text="The force's reading: sickness is an abstraction (else on neither side)."
    )
    leave_is_dedicated = serializers.BooleanField(
        help_text="The force's reading: rest days and annual leave are dedicated time (the "
        "NPIA definition), else on neither side."
    )


class SupervisionSerializer(PointBase):
    sergeants = serializers.FloatField(help_text="FTE of sergeant postings active on as_of.")
    constables = serializers.FloatField()
    pcsos = serializers.FloatField()
    span = serializers.FloatField(
        allow_null=True, help_text="(constables + pcsos) / sergeants; null with no sergeant."
    )
    limit = serializers.FloatField()
    stretched = serializers.BooleanField(
        help_text="span > limit, or staff with no sergeant (unsupervised)."
    )
    unsupervised = serializers.BooleanField()
    hybrid_sergeants = serializers.IntegerField(
        help_text="Sergeant postings flagged hybrid (also supervising response teams)."
    )
    sergeant_postings = serializers.IntegerField(help_text="Sergeant postings active on as_of.")
    teams = serializers.IntegerField(help_text="Teams in the scope.")
    teams_without_sergeant = serializers.IntegerField(
        help_text="Teams with no sergeant on as_of (a BCU total never hides one)."
    )
    teams_stretched = serializers.IntegerField(
        help_text="Teams with a sergeant whose own span is above the limit."
    )
    amber_span = serializers.FloatField(
        allow_null=True, help_text="The force's amber point for the span (null: no amber band)."
    )
    inspectors = serializers.FloatField()
    sergeants_per_inspector = serializers.FloatField(allow_null=True)


class PriorityAgeingSerializer(PointBase):
    open = serializers.IntegerField()
    buckets = serializers.DictField(
        child=serializers.IntegerField(), help_text='Keys "0-30", "31-90", "91-180", "181+".'
    )
    review_overdue = serializers.IntegerField()
    review_due_soon = serializers.IntegerField()
    median_age_days = serializers.FloatField(allow_null=True)
    neighbourhoods = serializers.IntegerField()
    neighbourhoods_up_to_date = serializers.IntegerField()
    neighbourhoods_up_to_date_pct = serializers.FloatField(allow_null=True)
    review_days = serializers.IntegerField()


class MeetingCadenceSerializer(PointBase):
    neighbourhoods = serializers.IntegerField()
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    never_met = serializers.IntegerField()
    last_meeting = serializers.DateField(allow_null=True)
    days_since_last = serializers.IntegerField(allow_null=True)
    days_since_stalest = serializers.IntegerField(allow_null=True)
    interval_days = serializers.IntegerField()


class ContactResponsivenessSerializer(PeriodBase):
    received = serializers.IntegerField()
    on_time = serializers.IntegerField()
    late = serializers.IntegerField()
    pending = serializers.IntegerField()
    unanswered = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="on_time / (on_time + late).")
    response_hours = serializers.IntegerField()


class RoleStaffingSerializer(serializers.Serializer):
    in_post = serializers.FloatField()
    target = serializers.FloatField(allow_null=True)
    vacancies = serializers.FloatField()


class StaffingSerializer(PointBase):
    roles = serializers.DictField(child=RoleStaffingSerializer())
    in_post_total = serializers.FloatField()
    target_total = serializers.FloatField(allow_null=True)
    vacancies_total = serializers.FloatField()


class CoverageSerializer(PointBase):
    neighbourhoods = serializers.IntegerField()
    covered = serializers.IntegerField()
    uncovered = serializers.IntegerField()
    pct = serializers.FloatField(allow_null=True)


class ProblemSolvingSerializer(PointBase):
    open = serializers.IntegerField()
    by_stage = serializers.DictField(child=serializers.IntegerField())
    review_overdue = serializers.IntegerField()
    closed = serializers.IntegerField()
    outcomes = serializers.DictField(child=serializers.IntegerField())


class PrioritiesPerNeighbourhoodSerializer(PointBase):
    neighbourhoods = serializers.IntegerField()
    within_range = serializers.IntegerField(
        help_text="Neighbourhoods with 3 to 5 public priorities open on as_of."
    )
    share = serializers.FloatField(
        allow_null=True, help_text="within_range / neighbourhoods; null with none."
    )
    green_share = serializers.FloatField(
        help_text="The force's policy: share at or above which the figure is rated green "
        "(Force.priorities_in_range_green; amber above 0.5, red at 0.5 or less)."
    )


class PrioritiesWithPlanSerializer(PointBase):
    open = serializers.IntegerField(help_text="Priorities open on as_of.")
    with_plan = serializers.IntegerField(
        help_text="Of them, those served by a plan opened on or before as_of."
    )
    share = serializers.FloatField(allow_null=True, help_text="with_plan / open; null with none.")
    green_share = serializers.FloatField(
        help_text="The force's policy: share at or above which the figure is rated green "
        "(Force.priorities_with_plan_green; amber above 0.5, red at 0.5 or less)."
    )


class PlansAssessedSerializer(PointBase):
    plans = serializers.IntegerField(
        help_text="Plans opened on or before as_of - 90 days (long enough to show results)."
    )
    assessed = serializers.IntegerField(help_text="Of them, those with an assessment written.")
    share = serializers.FloatField(allow_null=True, help_text="assessed / plans; null with none.")
    green_share = serializers.FloatField(
        help_text="The force's policy: share at or above which the figure is rated green "
        "(Force.plans_assessed_green; amber above 0.5, red at 0.5 or less)."
    )


def _metric(name: str):
    return selectors.METRICS[name]


def resolve_scope(user, level: str, scope_id: int) -> dict:
    """The scope's name, or 400 naming the parameter for an unknown id, 404 when the caller
    may not see it. Two queries."""
    visible = selectors.metric_scopes_visible(Scope.of(user), level)
    model = visible.model
    name = model.objects.filter(pk=scope_id).values_list("name", flat=True).first()
    if name is None:
        raise ValidationError({level: [f"There is no {level} with id {scope_id}."]})
    if not visible.filter(pk=scope_id).exists():
        raise NotFound()
    return {"level": level, "id": scope_id, "name": name}


class MetricView(APIView):
    """GET one metric for one scope. Subclasses name the metric and its serializers."""

    metric: str = ""
    query_class: type = serializers.Serializer
    response_class: type = serializers.Serializer

    def get(self, request):
        query = self.query_class(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        level, scope_id = params["scope"]
        scope = resolve_scope(request.user, level, scope_id)
        metric = _metric(self.metric)
        end = params.get("end", params.get("as_of"))
        start = params.get("start", end)
        figures = metric.compute(level=level, ids=[scope_id], scopes=None, start=start, end=end)
        dates = {"start": start, "end": end} if metric.period else {"as_of": end}
        body = {"scope": scope, **dates, **figures[scope_id]}
        return Response(self.response_class(body).data)


def metric_view(metric: str, response_class, summary: str) -> type:
    levels = _metric(metric).levels
    period = _metric(metric).period
    query = query_serializer(f"{response_class.__name__[:-10]}Query", levels, period)
    schema = extend_schema(
        operation_id=f"metrics_{metric}",
        summary=summary,
        description=(
            f"{summary} Exactly one of {', '.join(levels)}; "
            + ("start and end (inclusive)." if period else "as_of.")
            + " 400 names a missing, malformed or unknown parameter; 404 when the scope is "
            "outside the caller's reading scope."
        ),
        parameters=[query],
        responses={200: response_class, 400: OpenApiResponse(description="Bad parameters.")},
        tags=["metrics"],
    )

    def get(self, request):
        return MetricView.get(self, request)

    return type(
        f"{response_class.__name__[:-10]}View",
        (MetricView,),
        {
            "metric": metric,
            "query_class": query,
            "response_class": response_class,
            "get": schema(get),
        },
    )


AbstractionView = metric_view(
    "abstraction",
    AbstractionSerializer,
    "Abstraction rate over a period (DESIGN.md 4.1).",
)
SupervisionView = metric_view(
    "supervision", SupervisionSerializer, "Supervision ratio on a day (4.2)."
)
PriorityAgeingView = metric_view(
    "priority_ageing",
    PriorityAgeingSerializer,
    "Ages and reviews of the priorities open on a day (4.3).",
)
MeetingCadenceView = metric_view(
    "meeting_cadence",
    MeetingCadenceSerializer,
    "Days since each neighbourhood's last PACT meeting or ward panel (4.4).",
)
ContactResponsivenessView = metric_view(
    "contact_responsiveness",
    ContactResponsivenessSerializer,
    "Share of public contacts answered within the force's response time (4.4).",
)
StaffingView = metric_view(
    "staffing", StaffingSerializer, "In-post FTE against the staffing template (4.4)."
)
CoverageView = metric_view(
    "named_officer_coverage",
    CoverageSerializer,
    "Neighbourhoods with a named constable or PCSO (4.4).",
)
ProblemSolvingView = metric_view(
    "problem_solving",
    ProblemSolvingSerializer,
    "SARA plans by stage, past review, and outcomes (4.4).",
)
PrioritiesPerNeighbourhoodView = metric_view(
    "priorities_per_neighbourhood",
    PrioritiesPerNeighbourhoodSerializer,
    "Neighbourhoods with 3 to 5 public priorities open on a day (4.5).",
)
PrioritiesWithPlanView = metric_view(
    "priorities_with_plan",
    PrioritiesWithPlanSerializer,
    "Priorities open on a day and those served by a plan opened by then (4.5).",
)
PlansAssessedView = metric_view(
    "plans_assessed",
    PlansAssessedSerializer,
    "Plans opened at least 90 days before a day and those with an assessment written (4.5).",
)
