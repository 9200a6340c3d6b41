"""The /api/v1/ router. Each app registers its viewsets in its own api.py via ``register``."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
