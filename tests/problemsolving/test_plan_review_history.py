"""Plan reviews keep their history (issue 12, item 2; DESIGN.md section 9)."""

import datetime as dt

import pytest

from problemsolving.models import PlanReview
from problemsolving.services import plan_review_add
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_review_changes_are_kept(world, personas):
    plan = f.PlanFactory(neighbourhood=world.a1, opened_on=dt.date(2025, 1, 1))
    review = plan_review_add(
        plan=plan, date=dt.date(2025, 2, 1), reviewer=personas["sergeant"], notes="On track."
    )
    review.notes = "On track; CCTV request made."
    review.save()
    notes = list(
        PlanReview.history.filter(id=review.pk)
        .order_by("history_date")
        .values_list("notes", flat=True)
    )
    assert notes == ["On track.", "On track; CCTV request made."]


def test_admin_shows_review_history(client_for, world, personas):
    plan = f.PlanFactory(neighbourhood=world.a1, opened_on=dt.date(2025, 1, 1))
    review = plan_review_add(
        plan=plan, date=dt.date(2025, 2, 1), reviewer=personas["sergeant"], notes="On track."
    )
    review.date = dt.date(2025, 2, 3)
    review.save()
    body = (
        client_for("superuser")
        .get(f"/admin/problemsolving/planreview/{review.pk}/history/")
        .content.decode()
    )
    assert "Date" in body and "1 Feb 2025" in body and "3 Feb 2025" in body
