"""The application's connections run with PostgreSQL's JIT compiler off (settings.DATABASE_JIT):
on the Met-size force it cost 1.78 s of a 2.38 s BCU-year query (bench/RESULTS.md)."""

import pytest
from django.db import connection


@pytest.mark.django_db
def test_jit_is_off_on_the_applications_connection():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
