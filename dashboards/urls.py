"""Dashboard pages, mounted at /dashboards/ (DESIGN.md section 7)."""

from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("bcu/<int:bcu_id>/", views.bcu_dashboard, name="bcu"),
    path("bcu/<int:bcu_id>/export.csv", views.bcu_export, name="bcu-export"),
    path("bcu/<int:bcu_id>/map.geojson", views.bcu_map, name="bcu-map"),
    path("force/<int:force_id>/", views.force_dashboard, name="force"),
    path("force/<int:force_id>/export.csv", views.force_export, name="force-export"),
    path("team/<int:team_id>/", views.team_dashboard, name="team"),
    path("team/<int:team_id>/export.csv", views.team_export, name="team-export"),
    path("team/<int:team_id>/map.geojson", views.team_map, name="team-map"),
    path("<str:level>/<int:pk>/recompute/", views.recompute, name="recompute"),
    path("jobs/<int:job_id>/", views.job_progress, name="job"),
]
