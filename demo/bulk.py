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


def reserve_ids(model, count: int) -> list[int]:
    """``count`` fresh primary keys from the model's own sequence (so rows COPYed with them
    never collide with rows inserted later the ordinary way)."""
    if not count:
        return []
    opts = model._meta
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [opts.db_table, opts.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def copy_objects(model, objects: Sequence) -> list:
    """Insert unsaved model instances with COPY (several times faster than bulk_create for
    tens of thousands of rows), in the caller's transaction; every object gets its primary
    key, so later objects can point at it. Field defaults and auto_now(_add) timestamps are
    filled as save() would; geometry fields must be empty (None)."""
    objects = list(objects)
    fields = [f for f in model._meta.concrete_fields]
    for obj, pk in zip(objects, reserve_ids(model, len(objects)), strict=True):
        obj._prepare_related_fields_for_save(operation_name="copy_objects")
        obj.pk = pk
        obj._state.adding = False
        obj._state.db = connection.alias

    def rows():
        for obj in objects:
            yield tuple(f.get_db_prep_save(f.pre_save(obj, add=True), connection) for f in fields)

    copy_rows(model, [f.name for f in fields], rows())
    return objects
