from django.apps import AppConfig


class PublicsiteConfig(AppConfig):
    name = "publicsite"
    verbose_name = "Public neighbourhood pages"
