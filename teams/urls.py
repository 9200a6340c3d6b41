from django.urls import path

from . import views

app_name = "teams"

urlpatterns = [
    path("duty/", views.duty_week_mine, name="duty_mine"),
    path("<int:team_id>/duty/", views.duty_week, name="duty_week"),
    path("<int:team_id>/duty/fill-week/", views.duty_week_fill, name="duty_week_fill"),
    path("<int:team_id>/duty/copy-week/", views.duty_week_copy, name="duty_week_copy"),
    path("<int:team_id>/duty/fill-day/", views.duty_day_team, name="duty_day_team"),
    path("<int:team_id>/duty/<int:member_id>/<str:day>/", views.duty_day, name="duty_day"),
]
