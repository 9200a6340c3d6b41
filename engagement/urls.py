from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "engagement"

urlpatterns = [
    path("teams/<int:team_id>/meetings/", views.meeting_list, name="meeting_list"),
    # The meeting page lists the priorities it set, so it lives with priorities; old links
    # keep working.
    path(
        "meetings/<int:pk>/",
        RedirectView.as_view(pattern_name="priorities:meeting_detail", permanent=True),
    ),
    path("teams/<int:team_id>/contacts/", views.contact_list, name="contact_list"),
    path("teams/<int:team_id>/contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/respond/", views.contact_respond, name="contact_respond"),
    path("teams/<int:team_id>/kin/", views.kin_list, name="kin_list"),
    path("teams/<int:team_id>/kin/new/", views.kin_create, name="kin_create"),
]
