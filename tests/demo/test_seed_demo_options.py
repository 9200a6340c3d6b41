"""seed_demo's options: --if-empty, --replace, and refusals with a clear message."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from teams.models import BCU, Force, Neighbourhood
from tests import factories as f

from .conftest import seed

pytestmark = pytest.mark.django_db


def test_if_empty_does_nothing_when_a_force_exists():
    f.ForceFactory(slug="testshire")
    output = seed("--if-empty")
    assert "already has a force" in output
    assert list(Force.objects.values_list("slug", flat=True)) == ["testshire"]
    assert not BCU.objects.exists()


def test_if_missing_does_nothing_when_the_generated_force_exists():
    f.ForceFactory(slug="metropolis")
    output = seed("--scale", "met", "--if-missing")
    assert "already exists" in output
    assert not BCU.objects.exists()


def test_an_existing_demo_force_is_kept_unless_replace_is_given():
    old = f.BCUFactory(force=f.ForceFactory(slug="midshire"), code="OLD")
    with pytest.raises(CommandError, match="--replace"):
        seed()
    assert BCU.objects.get() == old

    seed("--replace", "--months", "1")
    assert Force.objects.get().slug == "midshire"
    assert not BCU.objects.filter(code="OLD").exists()
    assert Neighbourhood.objects.count() == 60


def test_refuses_the_production_settings():
    with override_settings(SETTINGS_MODULE="npms.settings.production"):
        with pytest.raises(CommandError, match="production"):
            seed()
    assert not Force.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--today", "25/11/2025"], "--today"),
        (["--today", "2025-11-25", "--months", "0"], "--months"),
        (["--today", "2025-11-25", "--scale", "met", "--met-days", "0"], "--met-days"),
    ],
)
def test_bad_options_name_the_option(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("seed_demo", *args, stdout=io.StringIO())
    assert not Force.objects.exists()
