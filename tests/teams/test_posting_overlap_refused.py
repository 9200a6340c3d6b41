"""A member's postings in one team never overlap (the exclusion constraint
``posting_no_overlap_per_member_team``), and breaking it is a 400 naming the field, never a 500
(issue 12 item 5): when ending a posting moves its end into the next posting in the team (the
end service does not look for that, the database does), and when two postings are made at the
same moment (the second waits for the first on the member's lock, then is refused)."""

import datetime as dt

import pytest
from django.test import Client

from teams.models import Posting
from tests import factories as f
from tests.races import together

OVERLAP = (
    "This person has another posting in this team during these dates; one person's postings "
    "in a team cannot overlap. Someone may have saved it at the same moment: reload the page "
    "to see it."
)


@pytest.mark.django_db
def test_ending_a_posting_into_the_next_one_is_a_400_naming_end_date(world, client_for):
    member = f.MemberFactory(force=world.force)
    earlier = f.PostingFactory(
        member=member,
        team=world.alpha,
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2024, 3, 31),
    )
    f.PostingFactory(member=member, team=world.alpha, start_date=dt.date(2024, 6, 1))

    response = client_for("force_admin").post(
        f"/api/v1/postings/{earlier.pk}/end/", {"end_date": "2024-12-31"}
    )

    assert response.status_code == 400
    error = response.json()["error"]
    # Refused by the service's own check (test_posting_end_later.py), before the constraint.
    said = f"{member} already has a posting in Alpha NPT during this period."
    assert error["fields"] == {"end_date": [said]}
    assert error["message"] == f"end_date: {said}"
    earlier.refresh_from_db()
    assert earlier.end_date == dt.date(2024, 3, 31)
    assert Posting.history.filter(id=earlier.pk).count() == 1  # only its creation


@pytest.mark.django_db(transaction=True)
def test_two_overlapping_postings_made_at_once_one_is_refused(world, personas):
    member = f.MemberFactory(force=world.force)
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(personas["force_admin"])
        clients.append(client)

    def post(client, start):
        def call():
            return client.post(
                "/api/v1/postings/",
                {
                    "member": member.pk,
                    "team": world.alpha.pk,
                    "role": "pcso",
                    "fte": "0.5",
                    "start_date": start,
                },
                content_type="application/json",
            )

        return call

    responses = together(post(clients[0], "2025-01-01"), post(clients[1], "2025-02-01"))

    assert sorted(r.status_code for r in responses) == [201, 400]
    (refused,) = [r for r in responses if r.status_code == 400]
    assert list(refused.json()["error"]["fields"]) == ["start_date"]
    assert Posting.objects.filter(member=member).count() == 1
