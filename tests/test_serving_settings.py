"""Production serving settings (issue 15): persistent, health-checked database connections,
hashed and compressed static files, and the strict reading of the new variables."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "npms.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "DATABASE_URL": "postgis://npms:secret@db.example.police.uk:5432/npms",
    "REDIS_URL": "redis://redis.example.police.uk:6379/0",
    "ALLOWED_HOSTS": "npms.example.police.uk",
    "DJANGO_ADMIN_URL": "staff-3f9c1a/",
}
SHOW = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "conn_max_age": db["CONN_MAX_AGE"],
    "health_checks": db["CONN_HEALTH_CHECKS"],
    "num_proxies": settings.REST_FRAMEWORK["NUM_PROXIES"],
    "rates": settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
}))
"""


def _settings(overrides: dict) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "CONN_", "NUM_PROXIES", "THROTTLE_", "RECOMPUTE_"))
        and k not in PRODUCTION
    }
    env.update(overrides)
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_keeps_database_connections_and_serves_hashed_compressed_static_files():
    result = _settings(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "conn_max_age": 60,
        "health_checks": True,
        "num_proxies": 0,
        "rates": {"partner_key": "600/minute", "anon": "120/minute"},
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    }


def test_proxies_connections_and_rates_come_from_the_environment():
    result = _settings(
        {**PRODUCTION, "NUM_PROXIES": "1", "CONN_MAX_AGE": "0", "THROTTLE_ANON_RATE": "off"}
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["num_proxies"], shown["conn_max_age"]) == (1, 0)
    assert shown["rates"] == {"partner_key": "600/minute", "anon": None}


def test_bad_values_are_refused_at_start_up_naming_them():
    for name, value, message in [
        ("NUM_PROXIES", "-1", "NUM_PROXIES='-1' must be at least 0."),
        ("NUM_PROXIES", "one", "NUM_PROXIES='one' is not an integer."),
        ("THROTTLE_ANON_RATE", "lots", "THROTTLE_ANON_RATE='lots' is not a rate"),
        ("RECOMPUTE_STALE_SECONDS", "5", "RECOMPUTE_STALE_SECONDS='5' must be at least 30."),
    ]:
        result = _settings({**PRODUCTION, name: value})
        assert result.returncode != 0, name
        assert message in result.stderr, result.stderr
