"""Postings keep their history (issue 12, item 2; DESIGN.md section 9), and the admin shows it
in words."""

import datetime as dt

import pytest

from teams.models import Posting
from teams.services import posting_create, posting_end
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_ending_a_posting_is_kept_and_shown_in_words(client_for, world):
    member = f.MemberFactory(force=world.force, name="PC Amy Ward")
    posting = posting_create(
        member=member, team=world.alpha, role="constable", start_date=dt.date(2025, 1, 6)
    )
    posting_end(posting=posting, end_date=dt.date(2025, 6, 30))
    history = list(posting.history.order_by("history_date"))
    assert [h.history_type for h in history] == ["+", "~"]
    assert [h.end_date for h in history] == [None, dt.date(2025, 6, 30)]
    response = client_for("superuser").get(f"/admin/teams/posting/{posting.pk}/history/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "End date" in body and "30 Jun 2025" in body


def test_history_survives_delete(world):
    posting = f.PostingFactory(team=world.alpha, start_date=dt.date(2025, 1, 6))
    pk = posting.pk
    posting.delete()
    assert Posting.history.filter(id=pk).values_list("history_type", flat=True).count() == 2
