"""Snapshot values compressed with lz4 instead of pglz (issue 14).

A stored 12-week trend is about 4 kB of JSON, over PostgreSQL's TOAST threshold (2 kB), so every
row the nightly job writes is compressed: with pglz that was a third of the job's write; lz4
compresses several times faster (and decompresses faster for the dashboards that read it).
Rows written before keep their pglz values until the job rewrites them. Skipped on a server
built without lz4 (PostgreSQL 14+ only lists it when built ``--with-lz4``)."""

from django.db import migrations

TABLES = ("dashboards_metricsnapshot", "dashboards_trendsnapshot")


def _set_compression(method: str) -> str:
    alters = "\n".join(
        f"    ALTER TABLE {table} ALTER COLUMN value SET COMPRESSION {method};" for table in TABLES
    )
    return f"""
DO $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM pg_settings
    WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)
  ) THEN
{alters}
  END IF;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0005_trend_snapshot")]

    operations = [
        migrations.RunSQL(sql=_set_compression("lz4"), reverse_sql=_set_compression("pglz"))
    ]
