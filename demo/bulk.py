"""Fast inserts for generated data: bulk_create in batches, or PostgreSQL COPY for the big
tables (duty records). Both skip model signals and django-simple-history, which is right for
seed data: it has no editing history to keep."""

from collections.abc import Iterable, Sequence

from django.db import connection

BATCH_SIZE = 2000


def bulk(model, objects: Sequence) -> list:
    """bulk_create in batches; on PostgreSQL every object gets its primary key back."""
    return model.objects.bulk_create(objects, batch_size=BATCH_SIZE)


def copy_rows(model, fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """COPY rows (tuples in ``fields`` order) into the model's table; returns how many.

    Uses psycopg 3's ``cursor.copy()`` on the connection Django already holds, so it runs in
    the caller's transaction. Values are Python objects (date, Decimal, bool, str, None).
    """
    opts = model._meta
    columns = ", ".join(connection.ops.quote_name(opts.get_field(f).column) for f in fields)
    sql = f"COPY {connection.ops.quote_name(opts.db_table)} ({columns}) FROM STDIN"
    count = 0
    with connection.cursor() as cursor:
        with cursor.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count
