import os

from .base import *  # noqa: F403
from .base import CELERY_BROKER_TRANSPORT_OPTIONS, DATABASES
from .env import env_bool, env_int

DEBUG = False
# The demo data and the bench (seed_demo, demo_logins, bench): never in production.
INSTALLED_APPS = [*INSTALLED_APPS, "demo"]  # noqa: F405
# Fast hashing: the tests create many users; production keeps Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Eager by default; the Celery integration tests start a real worker and turn this off (in
# the test process, and with CELERY_TASK_ALWAYS_EAGER=false in the worker's environment).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
CELERY_TASK_EAGER_PROPAGATES = True
# A visibility timeout of a few seconds, for the worker of the redelivery test only
# (tests/dashboards/test_snapshot_night_redelivered.py), on a Redis of its own: a worker on the
# shared Redis with it would hand other runs' unacknowledged tasks around. Production keeps
# base.py's (longer than any job may run) and has no such variable.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": env_int(
        "NPMS_TEST_VISIBILITY_TIMEOUT",
        CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"],
        minimum=1,
    ),
}
# Several checkouts or helpers can test side by side on one cluster with NPMS_TEST_DB.
DATABASES["default"]["TEST"] = {"NAME": "test_" + os.environ.get("NPMS_TEST_DB", "npms")}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Personas sign in with force_login and are not asked for a TOTP code;
# tests/accounts/test_two_factor.py turns this on. Everything else about sign-in (lock-out,
# session lifetime) runs as in production.
TWO_FACTOR_REQUIRED = False

# Runs side by side share one Redis: keep their cache entries apart.
CACHES["default"]["KEY_PREFIX"] = DATABASES["default"]["TEST"]["NAME"]  # noqa: F405
