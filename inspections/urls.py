"""Inspection pages, mounted at /inspections/ (DESIGN.md section 7)."""

from django.urls import path

from inspections import views

app_name = "inspections"

urlpatterns = [
    path("", views.inspection_list, name="list"),
    path("<int:pk>/", views.inspection_detail, name="detail"),
    path("<int:pk>/judgements/<int:judgement_id>/", views.judgement_grade, name="grade"),
    path("<int:pk>/themes/", views.theme_assess, name="theme"),
    path("<int:pk>/recommendations/", views.recommendation_add, name="recommendation_add"),
    path(
        "<int:pk>/recommendations/<int:recommendation_id>/",
        views.recommendation_status,
        name="recommendation_status",
    ),
    path("<int:pk>/report/", views.inspection_report, name="report"),
    path("<int:pk>/compare/", views.inspection_compare, name="compare"),
]
