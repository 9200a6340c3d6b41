"""An out-of-range date typed into a form or sent to the API is a 400 naming the field, never
a 500, and nothing is saved (issue 12 item 5; the years of ``npms.dates.refuse_implausible``,
1900 to 2100). A plan opened, or reviewed, on 31 December 9999 was a 500: its next review
(28 days on) is past the end of the calendar. A duty record in 9999 or a priority agreed in
year 1 was saved as typed."""

import pytest

from priorities.models import Priority, PriorityReview
from problemsolving.models import Action, Plan, PlanReview
from teams.models import DutyRecord, Posting
from tests import factories as f

pytestmark = pytest.mark.django_db
MESSAGE = ["Give a date between 1900 and 2100."]


def _api(client, url, data):
    return client.post(url, data, content_type="application/json")


def _fields(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()["error"]["fields"]


def test_plan_opened_in_9999_api_and_page(world, client_for):
    client = client_for("sergeant")
    data = {"neighbourhood": world.a1.pk, "title": "Bikes", "opened_on": "9999-12-31"}
    assert _fields(_api(client, "/api/v1/plans/", data)) == {"opened_on": MESSAGE}

    page = client.post(
        "/plans/start/", {"neighbourhood": world.a1.pk, "title": "Bikes", "opened_on": "31/12/9999"}
    )
    assert page.status_code == 200  # the start page shows its form again
    assert page.context["form"].errors["opened_on"] == MESSAGE
    assert Plan.objects.count() == 0


def test_plan_review_in_9999_api_and_page(world, client_for):
    client = client_for("sergeant")
    plan = f.PlanFactory(neighbourhood=world.a1)
    url = f"/api/v1/plans/{plan.pk}/reviews/"
    assert _fields(_api(client, url, {"date": "9999-12-31", "notes": "Fine"})) == {"date": MESSAGE}

    page = client.post(
        f"/plans/{plan.pk}/reviews/", {"review-date": "31/12/9999", "review-notes": "Fine"}
    )
    assert page.status_code == 400
    assert page.context["review_form"].errors["date"] == MESSAGE
    assert PlanReview.objects.count() == 0


def test_action_due_and_done_in_9999(world, client_for):
    client = client_for("sergeant")
    plan = f.PlanFactory(neighbourhood=world.a1)
    response = _api(
        client,
        f"/api/v1/plans/{plan.pk}/actions/",
        {"category": "prevention", "description": "Lighting", "due_on": "9999-12-31"},
    )
    assert _fields(response) == {"due_on": MESSAGE}
    assert Action.objects.count() == 0

    action = f.ActionFactory(plan=plan)
    response = _api(
        client, f"/api/v1/plans/{plan.pk}/actions/{action.pk}/complete/", {"done_on": "9999-12-31"}
    )
    assert _fields(response) == {"done_on": MESSAGE}
    action.refresh_from_db()
    assert action.done_on is None


def test_duty_record_and_posting_in_9999(world, client_for):
    client = client_for("force_admin")
    member = f.MemberFactory(force=world.force)
    f.PostingFactory(member=member, team=world.alpha, fte="0.5")
    record = {
        "member": member.pk,
        "team": world.alpha.pk,
        "date": "9999-12-31",
        "hours": "8",
        "activity": "patrol",
    }
    assert _fields(_api(client, "/api/v1/duty-records/", record)) == {"date": MESSAGE}
    assert DutyRecord.objects.count() == 0

    posting = {
        "member": member.pk,
        "team": world.bravo.pk,
        "role": "pcso",
        "fte": "0.5",
        "start_date": "9999-12-31",
    }
    assert _fields(_api(client, "/api/v1/postings/", posting)) == {"start_date": MESSAGE}
    assert Posting.objects.filter(member=member).count() == 1


def test_priority_agreed_in_year_1_or_reviewed_in_9999(world, client_for):
    client = client_for("sergeant")
    data = {
        "neighbourhood": world.a1.pk,
        "title": "Speeding",
        "description": "Cars racing at night",
        "where": "Mill Road",
        "when": "Evenings",
        "category": "road_safety",
        "source": "meeting",
        "set_by": "public",
        "date_set": "0001-01-01",
    }
    assert _fields(_api(client, "/api/v1/priorities/", data)) == {"date_set": MESSAGE}
    assert Priority.objects.count() == 0

    priority = f.PriorityFactory(neighbourhood=world.a1)
    review = {"date": "9999-12-31", "kind": "update", "text": "Patrols", "public": True}
    url = f"/api/v1/priorities/{priority.pk}/reviews/"
    assert _fields(_api(client, url, review)) == {"date": MESSAGE}
    assert PriorityReview.objects.count() == 0
