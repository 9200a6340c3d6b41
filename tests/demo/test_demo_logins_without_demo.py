"""demo_logins on a database without the demo says how to build it."""

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_demo_logins_without_demo_data_says_how_to_seed():
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "no demo logins" in out.getvalue()
    assert "seed_demo" in out.getvalue()
