from django.urls import path

from . import views

app_name = "problemsolving"

urlpatterns = [
    path("priority/<int:priority_id>/", views.priority_plans, name="priority_plans"),
]
