"""/api/police-uk/: the data.police.uk paths, without trailing slashes (DESIGN.md 6)."""

from django.urls import path

from policeuk import views

app_name = "policeuk"

urlpatterns = [
    path("forces", views.ForcesView.as_view(), name="forces"),
    path("forces/<str:force>", views.ForceView.as_view(), name="force"),
    path("locate-neighbourhood", views.LocateView.as_view(), name="locate"),
    path("<str:force>/neighbourhoods", views.NeighbourhoodsView.as_view(), name="neighbourhoods"),
    path("<str:force>/<str:code>", views.NeighbourhoodView.as_view(), name="neighbourhood"),
    path("<str:force>/<str:code>/boundary", views.BoundaryView.as_view(), name="boundary"),
    path("<str:force>/<str:code>/people", views.PeopleView.as_view(), name="people"),
    path("<str:force>/<str:code>/events", views.EventsView.as_view(), name="events"),
    path("<str:force>/<str:code>/priorities", views.PrioritiesView.as_view(), name="priorities"),
]
