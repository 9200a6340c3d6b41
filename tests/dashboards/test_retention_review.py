"""manage.py retention_review (issue 12, item 7): lists closed priorities, closed plans,
contacts and key individuals past the review age (MoPI default six years), deletes nothing
without --delete, and logs what it deleted."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import AccessLog
from engagement.models import KeyIndividual, PublicContact
from priorities.models import Priority, PriorityReview
from problemsolving.models import Action, Plan, PlanReview
from tests import factories as f

pytestmark = pytest.mark.django_db


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


@pytest.fixture
def records(world):
    """Relative to today, six years back is the cut-off; ``old`` is seven years ago and
    ``recent`` five."""
    today = timezone.localdate()
    old = today.replace(year=today.year - 7, day=1)
    recent = today.replace(year=today.year - 5, day=1)
    ancient = today.replace(year=today.year - 10, day=1)

    def closed_priority(closed_on):
        return f.PriorityFactory(
            neighbourhood=world.a1,
            date_set=ancient,
            status="closed",
            closed_on=closed_on,
            outcome="resolved",
            public_signoff=True,
        )

    def closed_plan(closed_on, priority=None):
        return f.PlanFactory(
            neighbourhood=world.a1,
            priority=priority,
            opened_on=ancient,
            stage="closed",
            closed_on=closed_on,
            outcome="reduced",
            assessment="Fewer calls.",
        )

    r = {
        "old_priority": closed_priority(old),
        "old_priority_with_kept_plan": closed_priority(old),
        "recent_priority": closed_priority(recent),
        "open_priority": f.PriorityFactory(neighbourhood=world.a1, date_set=ancient),
    }
    f.PriorityReviewFactory(priority=r["old_priority"], date=old)
    r["old_plan"] = closed_plan(old)
    f.ActionFactory(plan=r["old_plan"])
    f.PlanReviewFactory(plan=r["old_plan"], date=old)
    r["recent_plan"] = closed_plan(recent, priority=r["old_priority_with_kept_plan"])
    r["open_plan"] = f.PlanFactory(neighbourhood=world.a1, opened_on=ancient)
    r["answered_long_ago"] = f.PublicContactFactory(
        neighbourhood=world.a1, received_at=_at(old), responded_at=_at(old)
    )
    r["unanswered_long_ago"] = f.PublicContactFactory(
        neighbourhood=world.a1, received_at=_at(ancient)
    )
    r["answered_recently"] = f.PublicContactFactory(
        neighbourhood=world.a1, received_at=_at(old), responded_at=_at(recent)
    )
    r["recent_contact"] = f.PublicContactFactory(neighbourhood=world.a1)
    r["stale_kin"] = f.KeyIndividualFactory(neighbourhood=world.a1, name="Stale")
    KeyIndividual.objects.filter(pk=r["stale_kin"].pk).update(updated_at=_at(old))
    r["kin"] = f.KeyIndividualFactory(neighbourhood=world.a1, name="Current")
    return r


def _run(*args) -> str:
    out = io.StringIO()
    call_command("retention_review", *args, stdout=out)
    return out.getvalue()


def test_lists_and_deletes_nothing_without_delete(records):
    out = _run()
    assert "  closed plans: 1 (ids " in out
    assert "  closed priorities: 1 (ids " in out
    assert "  public contacts: 2 (ids " in out
    assert "  key individuals: 1 (ids " in out
    assert "Nothing deleted" in out
    assert Priority.objects.count() == 4
    assert Plan.objects.count() == 3
    assert PublicContact.objects.count() == 4
    assert KeyIndividual.objects.count() == 2
    assert AccessLog.objects.count() == 0


def test_delete_removes_them_with_their_history_and_logs(records):
    out = _run("--delete")
    assert "Deleted 5 records" in out
    assert set(Priority.objects.values_list("pk", flat=True)) == {
        records["old_priority_with_kept_plan"].pk,
        records["recent_priority"].pk,
        records["open_priority"].pk,
    }
    assert set(Plan.objects.values_list("pk", flat=True)) == {
        records["recent_plan"].pk,
        records["open_plan"].pk,
    }
    assert set(PublicContact.objects.values_list("pk", flat=True)) == {
        records["answered_recently"].pk,
        records["recent_contact"].pk,
    }
    assert list(KeyIndividual.objects.values_list("name", flat=True)) == ["Current"]
    # Nothing of the deleted records survives in their change history.
    assert not Priority.history.filter(id=records["old_priority"].pk).exists()
    assert not Plan.history.filter(id=records["old_plan"].pk).exists()
    assert Action.objects.count() == 0 and not Action.history.exists()
    assert PlanReview.objects.count() == 0 and not PlanReview.history.exists()
    assert PriorityReview.objects.count() == 0 and not PriorityReview.history.exists()
    # The kept plan still serves its priority.
    records["recent_plan"].refresh_from_db()
    assert records["recent_plan"].priority_id == records["old_priority_with_kept_plan"].pk
    logged = sorted(AccessLog.objects.values_list("action", "object_type", "count", "user_id"))
    assert logged == [
        ("delete", "engagement.keyindividual", 1, None),
        ("delete", "engagement.publiccontact", 2, None),
        ("delete", "priorities.priority", 1, None),
        ("delete", "problemsolving.plan", 1, None),
    ]
    assert AccessLog.objects.first().path.startswith(
        "manage.py retention_review --older-than-years 6 --delete (cut-off "
    )


def test_review_age_is_an_option(records):
    # Four years: the "recent" (five-year-old) records are past review too.
    out = _run("--older-than-years", "4")
    assert "  closed priorities: 3 (ids " in out  # the kept plan is past review as well
    assert "  closed plans: 2 (ids " in out
    assert "  public contacts: 3 (ids " in out
