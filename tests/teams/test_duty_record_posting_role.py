"""DutyRecord.posting_role: the member's posting role on the record's date, kept exact by the
database whichever path writes a record or a posting (migration 0011_duty_record_posting_role).

The rule (DESIGN.md sections 3 and 4.1, as ``dashboards.metrics.abstraction`` resolved it at
query time): the posting in the record's own team active on its date; else the member's posting
active that day in any team, the largest FTE first, then the lowest id; else null.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection

from teams import services
from teams.models import DutyRecord, Posting
from tests import factories as f

pytestmark = pytest.mark.django_db

D = dt.date(2025, 3, 10)
DAY = dt.timedelta(days=1)


def _role(record: DutyRecord) -> str | None:
    """What the database holds now (not the instance's copy)."""
    return DutyRecord.objects.values_list("posting_role", flat=True).get(pk=record.pk)


def _record(member, team, day, **kwargs) -> DutyRecord:
    """A record saved straight through the ORM (no service checks), as old data or the
    importer would leave it."""
    return f.DutyRecordFactory(member=member, team=team, date=day, **kwargs)


def test_create_through_the_service_reads_the_role_back(world):
    posting = f.PostingFactory(team=world.alpha, role="pcso", start_date=D - 10 * DAY)
    record = services.duty_record_create(
        member=posting.member, team=world.alpha, date=D, hours="8", activity="patrol"
    )
    assert record.posting_role == "pcso"  # returned by the INSERT (RETURNING)
    assert _role(record) == "pcso"


def test_moving_the_date_across_a_posting_boundary(world):
    member = f.MemberFactory(force=world.force)
    # PCSO in Alpha up to and including D, constable in Alpha from D + 1.
    f.PostingFactory(
        member=member, team=world.alpha, role="pcso", start_date=D - 30 * DAY, end_date=D
    )
    f.PostingFactory(member=member, team=world.alpha, role="constable", start_date=D + DAY)
    record = services.duty_record_create(
        member=member, team=world.alpha, date=D, hours="8", activity="patrol"
    )
    assert _role(record) == "pcso"
    services.duty_record_update(record=record, date=D + DAY)
    assert _role(record) == "constable"
    services.duty_record_update(record=record, date=D)
    assert _role(record) == "pcso"


def test_changing_the_team_and_the_member(world):
    member = f.MemberFactory(force=world.force)
    f.PostingFactory(
        member=member,
        team=world.alpha,
        role="constable",
        fte=Decimal("0.50"),
        start_date=D - 30 * DAY,
    )
    f.PostingFactory(
        member=member,
        team=world.bravo,
        role="sergeant",
        fte=Decimal("0.50"),
        start_date=D - 30 * DAY,
    )
    record = services.duty_record_create(
        member=member, team=world.alpha, date=D, hours="8", activity="patrol"
    )
    assert _role(record) == "constable"
    services.duty_record_update(record=record, team=world.bravo)
    assert _role(record) == "sergeant"
    # No service moves a record to another member; raw SQL and the admin can.
    other = f.PostingFactory(team=world.bravo, role="pcso", start_date=D - 30 * DAY).member
    DutyRecord.objects.filter(pk=record.pk).update(member=other)
    assert _role(record) == "pcso"


def test_a_new_posting_covers_records_already_saved(world):
    member = f.MemberFactory(force=world.force)
    before, first, last, after = (
        _record(member, world.alpha, day) for day in (D - DAY, D, D + 5 * DAY, D + 6 * DAY)
    )
    assert [_role(r) for r in (before, first, last, after)] == [None, None, None, None]
    services.posting_create(
        member=member, team=world.alpha, role="constable", start_date=D, end_date=D + 5 * DAY
    )
    assert [_role(r) for r in (before, first, last, after)] == [
        None,
        "constable",
        "constable",
        None,
    ]


def test_ending_a_posting_early(world):
    posting = f.PostingFactory(team=world.alpha, role="pcso", start_date=D - 30 * DAY)
    on_d, next_day = (_record(posting.member, world.alpha, day) for day in (D, D + DAY))
    assert [_role(on_d), _role(next_day)] == ["pcso", "pcso"]
    services.posting_end(posting=posting, end_date=D)  # D is the last day in post
    assert [_role(on_d), _role(next_day)] == ["pcso", None]


def test_changing_a_postings_role(world):
    posting = f.PostingFactory(team=world.alpha, role="pcso", start_date=D - 30 * DAY)
    record = _record(posting.member, world.alpha, D)
    posting.role = "constable"
    posting.save()
    assert _role(record) == "constable"


def test_deleting_a_posting_falls_back_then_leaves_no_role(world):
    member = f.MemberFactory(force=world.force)
    own = f.PostingFactory(
        member=member,
        team=world.alpha,
        role="constable",
        fte=Decimal("0.60"),
        start_date=D - 30 * DAY,
    )
    elsewhere = f.PostingFactory(
        member=member,
        team=world.bravo,
        role="sergeant",
        fte=Decimal("0.40"),
        start_date=D - 30 * DAY,
    )
    record = _record(member, world.alpha, D)
    assert _role(record) == "constable"
    own.delete()
    assert _role(record) == "sergeant"  # the member's posting that day in another team
    elsewhere.delete()
    assert _role(record) is None


def test_fallback_takes_the_largest_fte_then_the_lowest_id(world):
    """A record in Charlie, where the member has no posting: the posting that day elsewhere
    with the largest FTE (0.60 over 0.40); between equal FTEs (0.50, 0.50) the lower id."""
    member = f.MemberFactory(force=world.force)
    small = f.PostingFactory(
        member=member, team=world.alpha, role="pcso", fte=Decimal("0.40"), start_date=D - 30 * DAY
    )
    f.PostingFactory(
        member=member,
        team=world.bravo,
        role="sergeant",
        fte=Decimal("0.60"),
        start_date=D - 30 * DAY,
    )
    record = _record(member, world.charlie, D)
    assert _role(record) == "sergeant"
    small.fte = Decimal("0.60")  # now equal: the lower id, Alpha's
    small.save()
    assert _role(record) == "pcso"
    Posting.objects.filter(member=member).update(fte=Decimal("0.50"))  # equal again
    assert _role(record) == "pcso"


def test_a_record_without_any_posting_has_no_role(world):
    member = f.MemberFactory(force=world.force)
    f.PostingFactory(member=member, team=world.alpha, start_date=D + DAY)  # from tomorrow
    assert _role(_record(member, world.alpha, D)) is None


def test_bulk_create(world):
    member = f.MemberFactory(force=world.force)
    f.PostingFactory(member=member, team=world.alpha, role="pcso", start_date=D, end_date=D + DAY)
    records = DutyRecord.objects.bulk_create(
        DutyRecord(member=member, team=world.alpha, date=day, hours=Decimal("8"), activity="patrol")
        for day in (D - DAY, D, D + DAY, D + 2 * DAY)
    )
    assert [r.posting_role for r in records] == [None, "pcso", "pcso", None]
    assert [_role(r) for r in records] == [None, "pcso", "pcso", None]


def test_a_role_written_by_hand_is_replaced_by_the_rule(world):
    """COPY and raw SQL: a role given with the row is checked (a wrong one is corrected, a
    right one kept); one written later by UPDATE is recomputed."""
    posting = f.PostingFactory(team=world.alpha, role="pcso", start_date=D - 30 * DAY)
    m, t = posting.member.pk, world.alpha.pk
    table = DutyRecord._meta.db_table
    columns = (
        "member_id, team_id, date, hours, activity, paid_overtime, note, created_at, "
        "updated_at, posting_role"
    )
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for day, role in ((D, "inspector"), (D + DAY, "pcso"), (D - 40 * DAY, "sergeant")):
                copy.write(f"{m}\t{t}\t{day}\t8\tpatrol\tf\t\tnow\tnow\t{role}\n")
    roles = dict(DutyRecord.objects.filter(member_id=m).values_list("date", "posting_role"))
    assert roles == {D: "pcso", D + DAY: "pcso", D - 40 * DAY: None}
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET posting_role = 'inspector' WHERE member_id = %s", [m])
    roles = dict(DutyRecord.objects.filter(member_id=m).values_list("date", "posting_role"))
    assert roles == {D: "pcso", D + DAY: "pcso", D - 40 * DAY: None}


def test_the_admin_shows_it_and_a_date_change_there_moves_it(world, client_for):
    member = f.MemberFactory(force=world.force)
    f.PostingFactory(
        member=member, team=world.alpha, role="pcso", start_date=D - 30 * DAY, end_date=D
    )
    f.PostingFactory(member=member, team=world.alpha, role="constable", start_date=D + DAY)
    record = _record(member, world.alpha, D)
    admin = client_for("superuser")
    url = f"/{settings.ADMIN_URL}teams/dutyrecord/{record.pk}/change/"
    response = admin.get(url)
    assert "posting_role" not in response.context["adminform"].form.fields  # read-only
    assert "PCSO" in response.content.decode()
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items() if not isinstance(v, bool) or v}
    data["date"] = (D + DAY).isoformat()
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert _role(record) == "constable"
