"""/api/v1/metrics/ (DESIGN.md section 6); included by npms/urls.py before the router."""

from django.urls import path

from dashboards import api

urlpatterns = [
    path("abstraction/", api.AbstractionView.as_view(), name="metrics-abstraction"),
    path("supervision/", api.SupervisionView.as_view(), name="metrics-supervision"),
    path("priority-ageing/", api.PriorityAgeingView.as_view(), name="metrics-priority-ageing"),
    path("meeting-cadence/", api.MeetingCadenceView.as_view(), name="metrics-meeting-cadence"),
    path(
        "contact-responsiveness/",
        api.ContactResponsivenessView.as_view(),
        name="metrics-contact-responsiveness",
    ),
    path("staffing/", api.StaffingView.as_view(), name="metrics-staffing"),
    path(
        "named-officer-coverage/",
        api.CoverageView.as_view(),
        name="metrics-named-officer-coverage",
    ),
    path("problem-solving/", api.ProblemSolvingView.as_view(), name="metrics-problem-solving"),
    path(
        "priorities-per-neighbourhood/",
        api.PrioritiesPerNeighbourhoodView.as_view(),
        name="metrics-priorities-per-neighbourhood",
    ),
    path(
        "priorities-with-plan/",
        api.PrioritiesWithPlanView.as_view(),
        name="metrics-priorities-with-plan",
    ),
    path("plans-assessed/", api.PlansAssessedView.as_view(), name="metrics-plans-assessed"),
]
