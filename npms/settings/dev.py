from .base import *  # noqa: F403
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
# The demo data and the bench (seed_demo, demo_logins, bench): never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)

# With DEBUG (runserver, tests by hand) static files come straight from the finders, no
# collectstatic needed, and {% static %} gives plain names. `make run` serves with DEBUG=false
# like production: collectstatic's hashed, compressed copies with long cache headers.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Reminder emails are printed to the Celery log instead of sent.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
