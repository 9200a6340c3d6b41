from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from npms.api import router

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("audit/", include("audit.urls")),
    path("api/v1/metrics/", include("dashboards.api_urls")),
    path("api/v1/", include(router.urls)),
    path("api/police-uk/", include("policeuk.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    path("priorities/", include("priorities.urls")),
    path("engagement/", include("engagement.urls")),
    path("plans/", include("problemsolving.urls")),
    path("teams/", include("teams.urls")),
    path("n/", include("publicsite.urls")),
    path("", include("dashboards.team_urls")),
    path("dashboards/", include("dashboards.urls")),
]

handler400 = "npms.errors.bad_request"
