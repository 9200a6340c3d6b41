"""Log a meeting (issue 13): required fields are required and not labelled "(optional)",
every error comes in one round naming its priority, only ticked open priorities are
reviewed, and the meeting page lists what it reviewed as well as what it set."""

import datetime as dt

import pytest

from engagement.models import Event
from priorities.models import Priority, PriorityReview
from tests import factories as f
from tests.priorities.test_meeting_record_views import SPEEDING, meeting_data, url

pytestmark = pytest.mark.django_db


def test_where_and_when_are_required_and_not_labelled_optional(client_for, world):
    f.PriorityFactory(neighbourhood=world.a1, title="Litter in the park")
    body = client_for("sergeant").get(url(world)).content.decode()
    assert "Where does it happen?</label>" in body
    assert "When does it happen?</label>" in body
    assert "Where does it happen? (optional)" not in body
    assert "Who is involved? (optional)" in body  # really optional
    # The open priority is one tick box; its text box is revealed by ticking it.
    assert "Reviewed at this meeting" not in body  # the priority's title is the tick's label
    assert 'class="govuk-checkboxes__input npms-review-toggle"' in body
    assert "Litter in the park" in body


def test_every_error_in_one_round_naming_the_priority(client_for, world):
    existing = f.PriorityFactory(neighbourhood=world.a1, title="Litter in the park")
    vague = {**SPEEDING, "where": ""}
    response = client_for("sergeant").post(
        url(world),
        meeting_data(
            world,
            new=[SPEEDING, vague],
            reviews={existing.pk: {"reviewed": "on", "kind": "review", "text": ""}},
            # A surgery does not set priorities: the service's rule, reported in the same
            # round as the form's own errors.
            kind="surgery",
        ),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "New priority 2 (Speeding on Station Road): Say where it happens." in body
    assert "Priority “Litter in the park”: Say what the meeting said about this priority." in body
    assert "Only PACT meetings and ward panels set priorities" in body
    assert Event.objects.count() == 0
    assert Priority.objects.count() == 1  # only the existing one
    assert PriorityReview.objects.count() == 0


def test_service_errors_come_with_the_form_errors(client_for, world):
    # A start in the future is the service's rule (npms.dates.refuse_future); a missing
    # category is the form's. Both are shown at once.
    no_category = {**SPEEDING, "category": ""}
    start = (dt.date.today() + dt.timedelta(days=30)).isoformat() + "T19:00"
    end = (dt.date.today() + dt.timedelta(days=30)).isoformat() + "T20:00"
    response = client_for("sergeant").post(
        url(world), meeting_data(world, new=[SPEEDING, no_category], start=start, end=end)
    )
    body = response.content.decode()
    assert "New priority 2 (Speeding on Station Road): Choose a category." in body
    assert 'id="id_start-error"' in body
    assert Event.objects.count() == 0 and Priority.objects.count() == 0


def test_unticked_priorities_are_not_reviewed(client_for, world):
    ticked = f.PriorityFactory(neighbourhood=world.a1, title="Litter in the park")
    unticked = f.PriorityFactory(neighbourhood=world.a1, title="Parking on Mill Road")
    response = client_for("sergeant").post(
        url(world),
        meeting_data(
            world,
            reviews={
                ticked.pk: {"reviewed": "on", "kind": "update", "text": "Bins emptied weekly"},
                unticked.pk: {"kind": "review", "text": "typed, then unticked"},
            },
        ),
    )
    assert response.status_code == 302
    assert list(PriorityReview.objects.values_list("priority__title", "kind")) == [
        ("Litter in the park", "update")
    ]


def test_meeting_page_lists_priorities_reviewed_and_set(client_for, world):
    existing = f.PriorityFactory(neighbourhood=world.a1, title="Litter in the park")
    client = client_for("sergeant")
    response = client.post(
        url(world),
        meeting_data(
            world,
            new=[SPEEDING],
            reviews={existing.pk: {"reviewed": "on", "kind": "review", "text": "Keep it"}},
        ),
    )
    body = client.get(response["Location"]).content.decode()
    set_part, reviewed_part = body.split("Priorities reviewed at this meeting")
    assert "Speeding on Station Road" in set_part.split("Priorities set at this meeting")[1]
    assert "Litter in the park" in reviewed_part and "Keep it" in reviewed_part
