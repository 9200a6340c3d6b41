"""The frameworks' data migration can run again without duplicating anything, keeps a
framework's ids (so judgements keep pointing at their criteria), and can be reversed."""

import pytest
from django.apps import apps
from django.db.migrations.loader import MigrationLoader

from inspections.models import Criterion, Framework
from tests.inspections.conftest import frameworks_migration

pytestmark = pytest.mark.django_db
CODES = ["hmic-2008", "np-guarantee-2025", "npia-self-assessment"]


def test_running_it_again_changes_nothing(frameworks):
    before = sorted(Criterion.objects.values_list("id", "framework__code", "code", "text"))
    frameworks_migration.load_frameworks(apps, None)
    assert sorted(Criterion.objects.values_list("id", "framework__code", "code", "text")) == before
    assert Framework.objects.filter(code__in=CODES).count() == 3
    assert Criterion.objects.count() == 14 + 39 + 9


def test_it_restores_an_edited_criterion_in_place(frameworks):
    criterion = Criterion.objects.get(framework__code="hmic-2008", code="NP-M1")
    Criterion.objects.filter(pk=criterion.pk).update(text="edited", threshold=99)
    frameworks_migration.load_frameworks(apps, None)
    criterion.refresh_from_db()
    assert criterion.text.startswith("Neighbourhood policing is delivered to the same standard")
    assert criterion.threshold == 12


def test_reversing_it_removes_the_three_frameworks(frameworks):
    frameworks_migration.unload_frameworks(apps, None)
    assert not Framework.objects.filter(code__in=CODES).exists()
    assert not Criterion.objects.exists()
    frameworks_migration.load_frameworks(apps, None)
    assert Criterion.objects.count() == 62


def test_the_migration_is_registered_and_reversible():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    migration = loader.get_migration("inspections", "0003_frameworks")
    assert ("inspections", "0002_criterion_looking_fors_grades") in migration.dependencies
    assert all(operation.reversible for operation in migration.operations)
