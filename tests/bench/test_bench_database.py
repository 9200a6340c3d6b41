"""bench measures in its own database, selected from the start through the settings
(NPMS_DB_NAME, as make bench sets it): it refuses any other, and creates its own, with the
extensions, when it is missing."""

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from psycopg.sql import SQL, Identifier

from demo.bench import ensure_database

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ((), "npms_bench"),
        (("--small",), "npms_bench_small"),
        (("--database", "npms_bench_other"), "npms_bench_other"),
    ],
)
def test_bench_refuses_a_database_the_settings_do_not_point_at(args, name):
    with pytest.raises(CommandError) as raised:
        call_command("bench", *args)
    message = str(raised.value)
    assert f"NPMS_DB_NAME={name} python manage.py bench" in message
    assert "--current-db" in message


def maintenance():
    db = settings.DATABASES["default"]
    return psycopg.connect(dbname="postgres", host=db["HOST"], user=db["USER"], autocommit=True)


@pytest.fixture
def missing_database():
    """A database name of this test run that does not exist yet; dropped afterwards."""
    name = settings.DATABASES["default"]["NAME"] + "_bench_probe"
    drop = SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(Identifier(name))
    with maintenance() as conn:
        conn.execute(drop)
    yield name
    with maintenance() as conn:
        conn.execute(drop)


def test_ensure_database_creates_a_missing_database_with_its_extensions(missing_database):
    assert ensure_database(missing_database) is True
    assert ensure_database(missing_database) is False  # there now: left as it is

    db = settings.DATABASES["default"]
    with psycopg.connect(dbname=missing_database, host=db["HOST"], user=db["USER"]) as conn:
        rows = conn.execute("SELECT extname FROM pg_extension ORDER BY extname").fetchall()
    assert {"btree_gist", "postgis"} <= {row[0] for row in rows}
