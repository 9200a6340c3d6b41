from django.urls import path

from . import team_views

urlpatterns = [
    path("", team_views.home, name="home"),
    path("team/<int:team_id>/", team_views.team_page, name="team-page"),
    path("team/<int:team_id>/abstraction/", team_views.team_abstraction, name="team-abstraction"),
]
