"""Production settings pass Django's deployment checklist and refuse a missing variable
(DESIGN.md section 9; issue 12, item 4)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "npms.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
    "DATABASE_URL": "postgis://npms:secret@db.example.police.uk:5432/npms",
    "REDIS_URL": "redis://redis.example.police.uk:6379/0",
    "ALLOWED_HOSTS": "npms.example.police.uk",
    "DJANGO_ADMIN_URL": "staff-3f9c1a/",
}


def _clean_env(overrides: dict) -> dict:
    """The environment of this run without any of the variables production reads."""
    drop = set(PRODUCTION_ENV) | {"NPMS_DB_NAME", "DEBUG"}
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("DJANGO_")}
    env.update(overrides)
    return env


def _run(args: list[str], overrides: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=_clean_env(overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "DJANGO_ADMIN_URL"]
)
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _run(["-c", "import npms.settings.production"], env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"which are not set: {missing}." in result.stderr


def test_every_missing_variable_is_named_at_once():
    result = _run(["-c", "import npms.settings.production"], {})
    assert (
        "which are not set: SECRET_KEY, DATABASE_URL, REDIS_URL, ALLOWED_HOSTS, "
        "DJANGO_ADMIN_URL." in result.stderr
    )


def test_a_guessable_admin_url_is_refused():
    result = _run(
        ["-c", "import npms.settings.production"], {**PRODUCTION_ENV, "DJANGO_ADMIN_URL": "admin/"}
    )
    assert result.returncode != 0
    assert "DJANGO_ADMIN_URL must be a path that is hard to guess" in result.stderr


def test_production_uses_the_variables():
    code = (
        "from npms.settings import production as p; "
        "print(p.DATABASES['default']['HOST'], p.CACHES['default']['LOCATION'], "
        "p.ALLOWED_HOSTS, p.ADMIN_URL)"
    )
    result = _run(["-c", code], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "db.example.police.uk",
        "redis://redis.example.police.uk:6379/0",
        "['npms.example.police.uk']",
        "staff-3f9c1a/",
    ]
