"""``access_log_record_many``: a page showing several kinds of restricted data logs one row per
kind, in one INSERT (the sergeant's home, issue 15), with the same user, path and address as
``access_log_record``; kinds with nothing shown are not logged."""

import pytest
from django.test import RequestFactory

from audit.models import AccessLog
from audit.services import access_log_record_many

pytestmark = pytest.mark.django_db


def _request(user, path="/?week=2025-03-10"):
    request = RequestFactory().get(path, REMOTE_ADDR="10.9.8.7")
    request.user = user
    return request


def test_one_row_per_kind_shown_in_one_query(personas, django_assert_num_queries):
    sergeant = personas["sergeant"]
    with django_assert_num_queries(1):
        access_log_record_many(
            request=_request(sergeant),
            action="read",
            shown={"teams.dutyrecord": 12, "engagement.publiccontact": 3},
        )
    rows = sorted(AccessLog.objects.all(), key=lambda row: row.object_type)
    assert [(r.object_type, r.count) for r in rows] == [
        ("engagement.publiccontact", 3),
        ("teams.dutyrecord", 12),
    ]
    for row in rows:
        assert row.user == sergeant
        assert row.action == "read"
        assert row.object_id is None
        assert row.path == "/?week=2025-03-10"
        assert row.ip == "10.9.8.7"


def test_nothing_shown_writes_nothing(personas, django_assert_num_queries):
    with django_assert_num_queries(0):
        rows = access_log_record_many(
            request=_request(personas["sergeant"]),
            action="read",
            shown={"teams.dutyrecord": 0, "engagement.publiccontact": 0},
        )
    assert rows == []
    assert not AccessLog.objects.exists()


def test_only_the_kinds_shown(personas):
    access_log_record_many(
        request=_request(personas["sergeant"]),
        action="read",
        shown={"teams.dutyrecord": 0, "engagement.publiccontact": 2},
    )
    (row,) = AccessLog.objects.all()
    assert (row.object_type, row.count) == ("engagement.publiccontact", 2)


def test_an_unknown_action_is_refused(personas):
    with pytest.raises(ValueError):
        access_log_record_many(
            request=_request(personas["sergeant"]), action="peek", shown={"teams.dutyrecord": 1}
        )
    assert not AccessLog.objects.exists()
