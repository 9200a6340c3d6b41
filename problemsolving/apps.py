from django.apps import AppConfig


class ProblemsolvingConfig(AppConfig):
    name = "problemsolving"
