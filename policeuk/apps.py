from django.apps import AppConfig


class PoliceUkConfig(AppConfig):
    """The data.police.uk-compatible public API, and its import and export commands."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "policeuk"
    verbose_name = "data.police.uk format"

    def ready(self):
        from policeuk.cache import connect_signals

        connect_signals()
