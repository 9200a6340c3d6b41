"""The access log cannot be changed or deleted: not by the model, not by a queryset, not by SQL
(issue 12, item 1); and the test runner can still flush it (TRUNCATE)."""

import pytest
from django.db import connection, transaction
from django.db.utils import InternalError, ProgrammingError

from audit.models import AccessLog, AppendOnlyError


def _row(user=None) -> AccessLog:
    entry = AccessLog(action="read", object_type="engagement.keyindividual", count=3, path="/x/")
    entry.save()
    return entry


@pytest.mark.django_db
def test_model_save_and_delete_refused():
    entry = _row()
    entry.count = 0
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


# The trigger raises SQLSTATE 42501 (insufficient_privilege), which psycopg reports as
# ProgrammingError; InternalError is accepted too, whatever Django maps it to.
DB_REFUSAL = (ProgrammingError, InternalError)


@pytest.mark.django_db
def test_queryset_update_refused_by_the_database():
    _row()
    with pytest.raises(DB_REFUSAL, match="append-only"), transaction.atomic():
        AccessLog.objects.update(count=0)
    assert AccessLog.objects.get().count == 3


@pytest.mark.django_db
def test_queryset_delete_refused_by_the_database():
    _row()
    with pytest.raises(DB_REFUSAL, match="append-only"), transaction.atomic():
        AccessLog.objects.all().delete()
    with pytest.raises(DB_REFUSAL, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_accesslog")
    assert AccessLog.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_transaction_test_case_flush_still_empties_the_table():
    # A TransactionTestCase flushes with TRUNCATE after each test: this test writing a row
    # and the next one (below) finding none shows the trigger does not stop it.
    _row()
    assert AccessLog.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_flushed_before_this_one():
    assert AccessLog.objects.count() == 0
