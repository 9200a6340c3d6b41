from django.urls import path

from . import views

app_name = "publicsite"

urlpatterns = [
    path("", views.search, name="search"),
    path("<slug:force>/<str:code>/", views.neighbourhood, name="neighbourhood"),
]
