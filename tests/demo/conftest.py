"""Helpers for the demo-data tests.

Building the demo takes seconds, so the contents tests share one build per module: a
module-scoped fixture commits it outside the per-test transactions and deletes it again
afterwards, so no other test module ever sees it.
"""

import datetime as dt
import importlib
import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command

from demo.delete import delete_force
from teams.models import Force

frameworks_migration = importlib.import_module("inspections.migrations.0003_frameworks")

# A fixed anchor day, so that ages and buckets are the same on every run.
TODAY = dt.date(2025, 11, 25)


def seed(*args: str) -> str:
    """Run seed_demo anchored on TODAY and return what it printed."""
    out = io.StringIO()
    call_command("seed_demo", "--today", TODAY.isoformat(), *args, stdout=out)
    return out.getvalue()


def built_demo(django_db_blocker, *args: str):
    with django_db_blocker.unblock():
        # The inspection frameworks come from a data migration; a transactional test run
        # before may have emptied the tables, so load them again (idempotent).
        frameworks_migration.load_frameworks(apps, None)
        output = seed(*args)
        force = Force.objects.get(slug="midshire")
    try:
        yield SimpleNamespace(force=force, output=output, today=TODAY)
    finally:
        with django_db_blocker.unblock():
            delete_force(force)
            assert not Force.objects.exists()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The default demo (six months of duty records), built once for the module."""
    yield from built_demo(django_db_blocker)


@pytest.fixture(scope="module")
def short_demo(django_db_setup, django_db_blocker):
    """The demo with one month of duty records: for tests that do not look at duty time."""
    yield from built_demo(django_db_blocker, "--months", "1")
