from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import two_factor_views, views

urlpatterns = [
    # The plain AuthenticationForm: it passes the request to authenticate(), so django-axes
    # counts failures and locks the username out (settings AXES_*), as on the admin's form.
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", two_factor_views.two_factor, name="two_factor"),
    path("two-factor/setup/", two_factor_views.two_factor_setup, name="two_factor_setup"),
    path("api-keys/", views.api_keys, name="api_keys"),
    path("api-keys/<int:pk>/revoke/", views.api_key_revoke, name="api_key_revoke"),
]
