from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Access log"

    def ready(self) -> None:
        # The one receiver of npms.access_log.restricted_data_shown: every app, teams
        # included, reports reads of restricted data through that signal.
        from npms.access_log import restricted_data_shown

        from .services import access_log_from_signal

        restricted_data_shown.connect(access_log_from_signal, dispatch_uid="audit.access_log")
