"""Settings shared by every environment; the others import and adjust these."""

import datetime as dt
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

from .env import env_bool, env_int, env_list, env_map, env_rate, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("NPMS_VAR_DIR", str(BASE_DIR / ".var")))
SOCKET_DIR = VAR_DIR / "run"

SECRET_KEY = env_str("SECRET_KEY", "insecure-dev-key-change-me-in-production-0123456789abcdef")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "leaflet",
    "simple_history",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "accounts",
    "audit",
    "teams",
    "engagement",
    "priorities",
    "problemsolving",
    "inspections",
    "dashboards",
    "publicsite",
    "policeuk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Dashboard, metric-API and police.uk-API GETs read the domain data from the replica.
    "npms.replica.ReplicaReadsMiddleware",
    # Ends sessions idle too long or older than the maximum age (accounts.middleware).
    "accounts.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # force_admin and superusers must pass a TOTP code after the password.
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A database constraint violation a page did not show beside its field: a 400 / 409 page
    # in the service's layout, never a 500 (npms.integrity; issue 12 item 5).
    "npms.integrity.IntegrityErrorMiddleware",
    # Last, as django-axes asks: turns a lock-out into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "npms.urls"
WSGI_APPLICATION = "npms.wsgi.application"
ASGI_APPLICATION = "npms.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "npms.csp.csp_nonce",
                "dashboards.navigation.navigation",
            ],
            # Project-wide tags (GOV.UK form fields), usable in every template.
            "libraries": {"govuk": "npms.templatetags.govuk"},
        },
    },
]

# The database: DATABASE_URL in production (postgis://user:pass@host:port/name); otherwise the
# private cluster that the Makefile runs on a Unix socket under .var/run.
if env_str("DATABASE_URL", "-") != "-":
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL"), engine="django.contrib.gis.db.backends.postgis"
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.contrib.gis.db.backends.postgis",
            "NAME": env_str("NPMS_DB_NAME", "npms"),
            "USER": "postgres",
            "HOST": str(SOCKET_DIR),
        }
    }
# Persistent connections (seconds; 0 = one per request). A new PostgreSQL backend plus the PostGIS
# set-up costs tens of ms per request (issue 15: 17 -> 33 req/s on the sergeant pages), so
# production keeps them (production.py); the health check drops a connection the database
# closed (a restart) before the request uses it, instead of failing that request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 0, minimum=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL's JIT compiler pays off only for long analytical queries; for ours it costs more
# than it saves (measured on the Met-size force: 1.78 s of the 2.38 s BCU-year abstraction query
# was JIT compilation, bench/RESULTS.md and RESULTS-national.md). Off for every connection of
# the application unless DATABASE_JIT=true.
DATABASE_JIT = env_bool("DATABASE_JIT", False)
if not DATABASE_JIT:
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# A streaming replica for the dashboards, the metric API and the public police.uk API
# (npms.replica): DATABASE_REPLICA_URL, e.g. postgis://user:pass@replica-host:5432/npms.
if env_str("DATABASE_REPLICA_URL", "-") != "-":
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), engine="django.contrib.gis.db.backends.postgis"
    )
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    if not DATABASE_JIT:
        DATABASES["replica"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # Tests run against the primary's test database through the replica alias.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["npms.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

# Sign-in lock-out (DESIGN.md section 9): django-axes, on every form that calls authenticate()
# with the request (ours and the admin's), counted per username in the database so it holds
# with Redis down and across web processes. After AXES_FAILURE_LIMIT failures the username is
# refused, whatever the password, for AXES_COOLOFF_TIME; a success clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The address axes records with each attempt: the throttles' trusted-proxy rule (NUM_PROXIES),
# not django-ipware's left-most X-Forwarded-For, which the client writes.
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_address"

# Sessions end after SESSION_IDLE_MINUTES without a request and SESSION_MAX_AGE_HOURS after
# sign-in, whatever the activity (accounts.middleware.SessionLifetimeMiddleware).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
SESSION_MAX_AGE_HOURS = env_int("SESSION_MAX_AGE_HOURS", 12)
SESSION_COOKIE_AGE = SESSION_MAX_AGE_HOURS * 60 * 60

# Two-factor authentication (TOTP, django-otp) for force administrators and superusers.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "NPMS"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Argon2id first (OWASP's first choice); PBKDF2 still verifies older hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# Front-end packages come from the npm registry (package.json); make installs them.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
# GOV.UK Frontend's stylesheet asks for its fonts and images at /assets/... (its default
# $govuk-assets-path): WhiteNoise serves the package's folder at the site root for that.
WHITENOISE_ROOT = BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"

REDIS_URL = env_str("REDIS_URL", f"unix://{SOCKET_DIR / 'redis.sock'}")
# Fails open: with Redis down the site carries on uncached and unthrottled (npms.cache).
CACHES = {
    "default": {
        "BACKEND": "npms.cache.FailOpenRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}

CELERY_BROKER_URL = env_str(
    "CELERY_BROKER_URL",
    REDIS_URL.replace("unix://", "redis+socket://", 1)
    if REDIS_URL.startswith("unix://")
    else REDIS_URL,
)
CELERY_RESULT_BACKEND = CELERY_BROKER_URL
# A task is acknowledged when it has finished, not when it starts: a worker lost mid-job (killed,
# out of memory, machine gone) leaves it on the broker for another worker. A pool child killed
# mid-task is requeued at once (reject on worker lost); a whole worker lost is redelivered by
# Redis after the visibility timeout, which must be longer than any job may run, or a job
# still running would be handed to a second worker.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The longest a job may run, with a wide margin (the nightly snapshots of a Met-sized force
# take about 10 s, README Performance): a job still running then is killed.
JOB_TIME_LIMIT_SECONDS = env_int("JOB_TIME_LIMIT_SECONDS", 30 * 60, minimum=60)
CELERY_TASK_TIME_LIMIT = JOB_TIME_LIMIT_SECONDS
CELERY_TASK_SOFT_TIME_LIMIT = JOB_TIME_LIMIT_SECONDS - 30
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": JOB_TIME_LIMIT_SECONDS + 5 * 60}
# Queueing a job with the broker down fails within a second or two (the page says so) instead
# of hanging the request.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# A "recompute now" with no progress for this long is marked failed (its worker was lost, or
# none is running): when its page polls, and by the beat task below.
RECOMPUTE_STALE_SECONDS = env_int("RECOMPUTE_STALE_SECONDS", 10 * 60, minimum=30)
# The nightly snapshot job fans out (issue 14 item 3): one Celery task per force, or, for a
# force with more than SNAPSHOT_SPLIT_TEAMS teams, one per group of its whole BCUs of at most
# that many teams (as few groups as that allows, cut evenly, in name order; a larger BCU
# alone) plus one for the force's own row. Each piece has a fixed cost (the other metrics'
# queries, the write) whatever its size: fewer, larger pieces cost less in all, more pieces
# spread a force over more workers. On the Met-size force (630 teams in 32 BCUs) 200 makes 4
# groups of about 158 teams and the force row: run one after another 5.3 s against 3.9 s as
# one piece (33 pieces of one BCU each took 8.9 s), the largest piece 1.7 s (README).
# SNAPSHOT_QUEUES sends a force's pieces to a queue of its own
# (``SNAPSHOT_QUEUES=metropolitan=snapshots-met,kent=snapshots-se``: force slug = queue name);
# the other forces' pieces go to the default queue. A worker takes a queue with ``-Q``.
SNAPSHOT_SPLIT_TEAMS = env_int("SNAPSHOT_SPLIT_TEAMS", 200, minimum=1)
SNAPSHOT_QUEUES = env_map("SNAPSHOT_QUEUES", {})
# A night's piece that has neither finished nor failed this long after it was sent (its worker
# and the broker's redelivery both lost, or no worker takes its queue) is marked failed, so the
# night ends partial instead of running for good: a piece may wait one visibility timeout for
# redelivery, then run for up to the job time limit.
SNAPSHOT_PIECE_STALE_SECONDS = env_int(
    "SNAPSHOT_PIECE_STALE_SECONDS", 2 * JOB_TIME_LIMIT_SECONDS + 10 * 60, minimum=60
)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)

# Nightly metric snapshots (DESIGN.md section 8), after midnight so "yesterday" is complete.
CELERY_BEAT_SCHEDULE = {
    # A fan-out of one task per force (or per BCU of a large force) and a final step that
    # records the night complete or partial (dashboards.SnapshotNight).
    "metric-snapshots-nightly": {
        "task": "dashboards.snapshot_night_fanout",
        "schedule": crontab(hour=1, minute=30),
    },
    "metric-snapshot-nights-stale": {
        "task": "dashboards.snapshot_nights_fail_stale",
        "schedule": crontab(minute="*/10"),
    },
    # Reminders to sergeants (DESIGN.md section 8): early, so they are waiting at the start of
    # the day; at most one email per team and day, so a rerun sends nothing twice.
    "reminders-nightly": {
        "task": "dashboards.send_reminders",
        "schedule": crontab(hour=5, minute=0),
    },
    "recompute-jobs-stale": {
        "task": "dashboards.recompute_jobs_fail_stale",
        "schedule": 60.0,
    },
}

# How many proxies in front of the app append to X-Forwarded-For; the client address used by
# the throttles and the sign-in lock-out is the one the outermost trusted proxy saw (the
# right-most but NUM_PROXIES - 1). 0 = no proxy: the socket's address, X-Forwarded-For ignored,
# so a client cannot pick its own throttle bucket (issue 15).
NUM_PROXIES = env_int("NUM_PROXIES", 0, minimum=0)

REST_FRAMEWORK = {
    "NUM_PROXIES": NUM_PROXIES,
    # API keys first: its authenticate_header makes a caller without credentials get 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.APIKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Signed-in users read (views narrow by the apps' visibility selectors); writes need a
    # writer role.
    "DEFAULT_PERMISSION_CLASSES": ["npms.permissions.RoleWritePermission"],
    # Partners' keys are throttled inside APIKeyAuthentication, before the key is looked up
    # (accounts.authentication.PartnerKeyThrottle); the public API has its own per address.
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "npms.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "npms.exceptions.exception_handler",
    # Per partner key, and per client address on the public API; "off" only for load tests.
    "DEFAULT_THROTTLE_RATES": {
        "partner_key": env_rate("THROTTLE_PARTNER_KEY_RATE", "600/minute"),
        "anon": env_rate("THROTTLE_ANON_RATE", "120/minute"),
    },
}

SPECTACULAR_SETTINGS = {
    "TITLE": "NPMS API",
    "DESCRIPTION": "Neighbourhood Policing management system: partner and metrics API.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the drf-spectacular-sidecar package, not from a CDN (police
    # networks often cannot reach one).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "npms.openapi.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "PriorityCategoryEnum": "priorities.models.Category",
        "PriorityOutcomeEnum": "priorities.models.Outcome",
        "ReviewKindEnum": "priorities.models.ReviewKind",
        "ActionCategoryEnum": "problemsolving.models.ActionCategory",
        "PlanOutcomeEnum": "problemsolving.models.PlanOutcome",
        "EventKindEnum": "engagement.models.EventKind",
        "PartnerKindEnum": "teams.models.PartnerKind",
        "RecommendationStatusEnum": "inspections.models.RecommendationStatus",
        "InspectionGradeEnum": "inspections.models.Grade",
        "InspectionScopeTypeEnum": "inspections.models.ScopeType",
    },
}

# Partners' API keys: last_used_at is written at most this often per key.
API_KEY_LAST_USED_INTERVAL_SECONDS = env_int("API_KEY_LAST_USED_INTERVAL_SECONDS", 60)
# The public data.police.uk-compatible API is cached (Django cache, i.e. Redis) this long.
POLICE_UK_CACHE_SECONDS = env_int("POLICE_UK_CACHE_SECONDS", 300)

# Centre of England and Wales; the maps zoom to their data.
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (52.5, -1.5),
    "DEFAULT_ZOOM": 7,
    "MIN_ZOOM": 5,
    "MAX_ZOOM": 18,
    "RESET_VIEW": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

SILENCED_SYSTEM_CHECKS = [
    # gis.W001: Debian 12's GDAL is 3.6, older than 3.9 which can block file and network access
    # from spatial references. NPMS takes geometry from users only as GeoJSON or coordinates in
    # WGS84 and never passes user text to GDAL as a file name, URL or spatial reference
    # (DESIGN.md section 9).
    "gis.W001",
    # axes.W006: the lock-out is keyed by username only, on purpose. A police station's
    # officers reach the service from one NAT address, so keying by IP would lock out a whole
    # station after five typos; rotating user agents or cookies does not get round a
    # username key, and the admin and our sign-in form count the same way.
    "axes.W006",
]
ADMIN_URL = "admin/"

# Email (the nightly reminders). Production sets the SMTP server in the environment.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "-").strip("-")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "-").strip("-")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "NPMS <npms@localhost>")
# The address links in emails point to (the nightly reminders link each plan to review).
SITE_URL = env_str("NPMS_SITE_URL", "http://localhost:8000")

# Content security policy (django-csp; DESIGN.md section 9). Scripts only from our own origin:
# no inline script in our templates (they load files from static/js). The one exception is
# django-leaflet's map set-up, which carries the per-request nonce (npms.csp). Styles allow
# inline attributes because Leaflet, GOV.UK Frontend and the QR code set style attributes;
# map tiles come from OpenStreetMap.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "https://tile.openstreetmap.org"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
