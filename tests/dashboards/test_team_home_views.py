"""The "/" home and the "my team" page (issue 4, item 1): role routing, scope, content."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


@pytest.mark.parametrize("persona", ["sergeant", "officer"])
def test_team_roles_get_their_team_page(client_for, world, persona):
    response = client_for(persona).get("/")
    assert response.status_code == 200
    assert "Alpha NPT" in response.content.decode()


def test_bcu_commander_goes_to_the_bcu_dashboard(client_for, world):
    response = client_for("bcu_commander").get("/")
    assert response.status_code == 302
    assert response["Location"] == f"/dashboards/bcu/{world.north.pk}/"


@pytest.mark.parametrize("persona", ["force_admin", "force_viewer", "inspector"])
def test_force_wide_roles_go_to_the_force_dashboard(client_for, world, persona):
    response = client_for(persona).get("/")
    assert response.status_code == 302
    assert response["Location"] == f"/dashboards/force/{world.force.pk}/"


def test_partner_sees_public_open_priorities_of_its_neighbourhoods_only(client_for, world):
    f.PriorityFactory(neighbourhood=world.a1, title="Speeding on Station Road")
    f.PriorityFactory(neighbourhood=world.a1, title="Secret operation", public=False)
    f.PriorityFactory(neighbourhood=world.a2, title="Arbury graffiti")  # not the council's
    response = client_for("partner").get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Speeding on Station Road" in body
    assert "Secret operation" not in body
    assert "Arbury graffiti" not in body


def test_superuser_chooses_a_team(client_for, world):
    response = client_for("superuser").get("/")
    assert response.status_code == 200
    assert "Choose a team" in response.content.decode()


@pytest.mark.parametrize(
    "persona,status",
    [
        ("sergeant", 200),
        ("officer", 200),
        ("bcu_commander", 200),  # North covers Alpha
        ("force_viewer", 200),
        ("inspector", 200),
        ("other_sergeant", 404),  # Bravo
        ("partner", 404),
        ("outsider_admin", 404),
    ],
)
def test_team_page_scope(client_for, world, persona, status):
    assert client_for(persona).get(f"/team/{world.alpha.pk}/").status_code == status


def test_team_page_needs_sign_in(client, world):
    response = client.get(f"/team/{world.alpha.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_team_home_shows_duty_priorities_meetings_and_what_is_overdue(
    client_for, world, django_assert_num_queries
):
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    pc = f.MemberFactory(force=world.force, name="PC Amy Adams")
    f.PostingFactory(member=pc, team=world.alpha, start_date=dt.date(2020, 1, 1))
    # This week: 8 h patrol today + 4 h response cover on Monday (or today, if Monday).
    f.DutyRecordFactory(member=pc, team=world.alpha, date=today, hours=Decimal("8"))
    f.DutyRecordFactory(
        member=pc, team=world.alpha, date=monday, hours=Decimal("4"), activity="response_cover"
    )
    # Working 8 + 4 = 12 h, abstracted 4 h: rate 4 / 12 = 33.3%, above the 20% limit (red).
    old = f.PriorityFactory(
        neighbourhood=world.a1,
        title="Parking outside the school",
        date_set=today - dt.timedelta(days=100),
    )
    # Reviewed 91 days ago: 91 > 90 (priority_review_days), so the review is overdue.
    f.PriorityReviewFactory(priority=old, date=today - dt.timedelta(days=91))
    f.PriorityFactory(
        neighbourhood=world.a2,
        title="Bikes stolen at the station",
        date_set=today - dt.timedelta(days=10),
    )
    f.PriorityFactory(neighbourhood=world.b1, title="Bravo's priority")  # another team
    f.EventFactory(neighbourhood=world.a1, title="Abbey PACT meeting")
    # Received 73 h ago, limit 72 h: overdue. Received 5 h ago: not yet.
    f.PublicContactFactory(
        neighbourhood=world.a1,
        summary="Dog fouling on the green",
        received_at=timezone.now() - dt.timedelta(hours=73),
    )
    f.PublicContactFactory(neighbourhood=world.a1, summary="Noise from the pub")
    # Plans: one past review, one due in 3 days, one due in 20 days (not listed), one closed.
    f.PlanFactory(
        neighbourhood=world.a1,
        title="Dealing in the car park",
        next_review_on=today - dt.timedelta(days=1),
    )
    f.PlanFactory(
        neighbourhood=world.a2, title="Cycle thefts", next_review_on=today + dt.timedelta(days=3)
    )
    f.PlanFactory(
        neighbourhood=world.a2, title="Later plan", next_review_on=today + dt.timedelta(days=20)
    )
    f.PlanFactory(
        neighbourhood=world.a1,
        title="Closed plan",
        stage="closed",
        outcome="reduced",
        opened_on=today - dt.timedelta(days=60),
        closed_on=today,
        next_review_on=today - dt.timedelta(days=5),
    )
    client = client_for("sergeant")
    # 1 session, 2 user, 3 team (+bcu, force), 4 open priorities (the overdue reviews are
    # cut from them, issue 15), 5 the user's force (once a request, for the force-wide plan
    # library's scope), 6 plans due for review, 7 meetings, 8 overdue contacts, 9 today's
    # duty, 10 both access-log rows (duty and contacts shown; issue 12) in one INSERT,
    # 11-12 the dashboards' abstraction selector (force policy; hours by activity, overtime
    # and role); the nav reuses the user.
    with django_assert_num_queries(12):
        response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "PC Amy Adams" in body
    assert "33.3%" in body
    assert "Red" in body  # the RAG word, not only the colour
    assert "Parking outside the school" in body and "Bikes stolen at the station" in body
    assert "Bravo&#x27;s priority" not in body and "Bravo's priority" not in body
    assert ">100<" in body and ">10<" in body  # ages in days
    assert "Review overdue" in body
    assert "Abbey PACT meeting" in body
    assert "Problem-solving plans to review (2)" in body
    assert "Dealing in the car park" in body and "Cycle thefts" in body
    assert "Later plan" not in body and "Closed plan" not in body
    assert "Dog fouling on the green" in body
    assert "Noise from the pub" not in body  # not overdue, so not listed
