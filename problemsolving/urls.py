from django.urls import path

from . import views

app_name = "problemsolving"

urlpatterns = [
    path("", views.plan_library, name="library"),
    path("start/", views.plan_start, name="start"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/stage/", views.plan_advance, name="advance"),
    path("<int:pk>/actions/", views.action_add, name="action_add"),
    path("<int:pk>/actions/<int:action_id>/done/", views.action_done, name="action_done"),
    path("<int:pk>/reviews/", views.review_add, name="review_add"),
    path("<int:pk>/print/", views.plan_print, name="print"),
    path("priority/<int:priority_id>/", views.priority_plans, name="priority_plans"),
]
