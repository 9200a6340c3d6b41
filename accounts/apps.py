from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import stamp_session

        def _stamp(sender, request, user, **kwargs):
            # Every sign-in (ours, the admin's, force_login in tests) starts the session's
            # idle and maximum-age clocks.
            if request is not None and hasattr(request, "session"):
                stamp_session(request.session)

        user_logged_in.connect(_stamp, dispatch_uid="accounts.stamp_session", weak=False)
