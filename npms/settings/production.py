"""Production: everything secret or site-specific comes from the environment.

After cookiecutter-django's production settings; `manage.py check --deploy` is clean with these.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

# Nothing falls back to a development default in production (DESIGN.md section 9): the
# local database and Redis sockets, the sample secret, localhost and "admin/" are refused,
# each missing variable named. Checked before the base settings are read.
REQUIRED = ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "DJANGO_ADMIN_URL"]
_missing = [name for name in REQUIRED if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables, which are not set: "
        + ", ".join(_missing)
        + "."
    )

from .base import *  # noqa: E402, F403

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
ADMIN_URL = env_str("DJANGO_ADMIN_URL")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/") or ADMIN_URL == "admin/":
    raise ImproperlyConfigured(
        "DJANGO_ADMIN_URL must be a path that is hard to guess, ending in '/' and not "
        f"starting with one (e.g. 'staff-3f9c1a/'), not {ADMIN_URL!r}."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
