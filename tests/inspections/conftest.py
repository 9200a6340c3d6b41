"""Fixtures for the inspections tests.

The frameworks are loaded by the data migration ``inspections/migrations/0003_frameworks.py``;
tests that run in a transaction (browser, Celery worker) empty every table when they end, so
the ``frameworks`` fixture loads them again through the migration's own (idempotent) loader.
"""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from inspections.models import Framework, Inspection, Judgement

frameworks_migration = importlib.import_module("inspections.migrations.0003_frameworks")


@pytest.fixture
def frameworks(db) -> dict[str, Framework]:
    """The three frameworks of DESIGN.md section 3, keyed by code."""
    frameworks_migration.load_frameworks(apps, None)
    return {framework.code: framework for framework in Framework.objects.all()}


@pytest.fixture
def inspection_of(world, frameworks):
    """``inspection_of("hmic-2008", {"NP-M1": "meeting", ...})``: an inspection of team Alpha
    under that framework with a judgement per criterion, graded as given (others ungraded)."""

    def _make(code: str, grades: dict[str, str] | None = None) -> Inspection:
        grades = grades or {}
        inspection = Inspection.objects.create(
            framework=frameworks[code],
            force=world.force,
            scope_type="team",
            team=world.alpha,
            title=f"{code} of Alpha",
            start_date=dt.date(2025, 6, 1),
        )
        Judgement.objects.bulk_create(
            Judgement(
                inspection=inspection, criterion=criterion, grade=grades.get(criterion.code, "")
            )
            for criterion in frameworks[code].criteria.all()
        )
        return inspection

    return _make
