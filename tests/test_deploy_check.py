"""Production settings pass Django's deployment checklist (DESIGN.md section 9)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings():
    result = _check(
        {
            "DJANGO_SETTINGS_MODULE": "npms.settings.production",
            "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
            "ALLOWED_HOSTS": "npms.example.police.uk",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _check({"DJANGO_SETTINGS_MODULE": "npms.settings.production", "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_malformed_setting_is_refused_at_start_up_naming_it():
    result = _check(
        {
            "DJANGO_SETTINGS_MODULE": "npms.settings.production",
            "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
            "CONN_MAX_AGE": "forever",
        }
    )
    assert result.returncode != 0
    assert "CONN_MAX_AGE='forever' is not an integer" in result.stderr
