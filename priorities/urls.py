from django.urls import path

from . import views

app_name = "priorities"

urlpatterns = [
    path("", views.priority_search, name="all"),
    path("teams/<int:team_id>/", views.priority_list, name="list"),
    path("teams/<int:team_id>/new/", views.priority_create, name="create"),
    path("teams/<int:team_id>/meetings/new/", views.meeting_record, name="meeting_record"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/", views.priority_detail, name="detail"),
    path("<int:pk>/edit/", views.priority_edit, name="edit"),
    path("<int:pk>/history/", views.priority_history, name="history"),
    path("<int:pk>/reviews/new/", views.review_add, name="review_add"),
    path("<int:pk>/close/", views.priority_close, name="close"),
    path("<int:pk>/reopen/", views.priority_reopen, name="reopen"),
]
