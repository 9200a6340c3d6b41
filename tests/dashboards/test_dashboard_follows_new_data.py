"""The dashboards follow data entered after the snapshot (issue 13): after the nightly job or a
"recompute now", a write that changes a team's figures makes that team's row (and its BCU's
and force's totals) computed live, while the other rows still come from the snapshot; the page
says which.

Every test takes the snapshot, then writes through the services, pages, API or admin with the
on-commit callbacks run (the marker is written after the commit). To show that an unchanged
row really comes from the snapshot, Bravo's duty hours are altered behind the signals'
back (``QuerySet.update`` sends none): live, Bravo would read 10.0%; its snapshot says 5.0%.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import timezone

from dashboards import services
from dashboards.selectors import dashboard_table, standard_periods
from engagement.services import contact_respond, event_create
from priorities.services import priority_close
from problemsolving.services import plan_advance
from teams.models import DutyRecord
from teams.services import duty_record_create
from tests import factories as f

TODAY = timezone.localdate()
START, END = standard_periods(TODAY)["28d"]  # END is yesterday
ABSTRACTION, OPEN_PRIORITIES, PAST_REVIEW, LAST_MEETING, CONTACTS = 0, 5, 6, 7, 8


@pytest.fixture
def snapshot(world, django_capture_on_commit_callbacks):
    """Alpha: a constable with 6 h patrol and 4 h response cover yesterday (40.0%), an open
    priority set 100 days ago in Abbey, a contact received yesterday at 10:00 not yet answered,
    a plan in the response stage. Bravo: 19 h patrol and 1 h response cover (5.0%). Then the
    nightly snapshot, and Bravo's patrol cut to 9 h without a signal (live it would be 10.0%).
    The data is entered (and committed, so the teams are marked) before the snapshot."""
    with django_capture_on_commit_callbacks(execute=True):
        made = _data(world)
    services.snapshot_nightly(today=TODAY)
    DutyRecord.objects.filter(team=world.bravo, activity="patrol").update(hours=Decimal("9"))
    return made


def _data(world) -> dict:
    members = {}
    for team, patrol, cover in ((world.alpha, 6, 4), (world.bravo, 19, 1)):
        member = f.PostingFactory(team=team, role="constable", start_date=START).member
        f.PostingFactory(team=team, role="sergeant", start_date=START)
        for hours, activity in ((patrol, "patrol"), (cover, "response_cover")):
            f.DutyRecordFactory(
                member=member, team=team, date=END, hours=Decimal(hours), activity=activity
            )
        members[team.pk] = member
    priority = f.PriorityFactory(neighbourhood=world.a1, date_set=END - dt.timedelta(days=100))
    received = timezone.make_aware(dt.datetime.combine(END, dt.time(10, 0)))
    contact = f.PublicContactFactory(neighbourhood=world.a1, received_at=received)
    plan = f.PlanFactory(
        neighbourhood=world.a1,
        opened_on=END - dt.timedelta(days=20),
        stage="response",
        victim="v",
        offender="o",
        location="l",
    )
    f.ActionFactory(plan=plan)
    return {
        "member": members[world.alpha.pk],
        "priority": priority,
        "contact": contact,
        "plan": plan,
    }


def _bcu_page(client, world):
    response = client.get(f"/dashboards/bcu/{world.north.id}/")
    assert response.status_code == 200
    rows = {row["name"]: row for row in response.context["rows"]}
    return response, rows["Alpha NPT"]["cells"], rows["Bravo NPT"]["cells"]


def _snap_time():
    return timezone.localtime(
        services.MetricSnapshot.objects.order_by("computed_at").first().computed_at
    ).strftime("%H:%M")


def _says(response, text):
    assert text in response.content.decode(), text


def test_before_any_change_every_row_is_from_the_snapshot(client_for, world, snapshot):
    response, alpha, bravo = _bcu_page(client_for("bcu_commander"), world)
    assert alpha[ABSTRACTION]["text"] == "40.0%"
    assert bravo[ABSTRACTION]["text"] == "5.0%"  # the snapshot, not the altered 10.0%
    _says(response, f"From the snapshot of {_snap_time()}: every row and the total.")


def test_a_duty_record_for_yesterday(
    client_for, world, snapshot, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        duty_record_create(
            member=snapshot["member"],
            team=world.alpha,
            date=END,
            hours=Decimal("10"),
            activity="response_cover",
        )
    response, alpha, bravo = _bcu_page(client_for("bcu_commander"), world)
    # Alpha: (4 + 10) abstracted of (10 + 10) working = 70.0%, live.
    assert alpha[ABSTRACTION] == {"text": "70.0%", "rag": "red", "rag_word": "Red"}
    assert bravo[ABSTRACTION]["text"] == "5.0%"  # still the snapshot
    # The BCU total is live: Alpha 14 of 20 and Bravo 1 of 10 (9 h patrol now) = 15 / 30.
    assert response.context["total"]["cells"][ABSTRACTION]["text"] == "50.0%"
    _says(
        response,
        f"1 row from the snapshot of {_snap_time()}, 1 computed live because its data changed "
        "since. Total: computed live, data changed since the snapshot.",
    )
    _says(response, 'Alpha NPT</a> <span class="govuk-body-s npms-live">(live)</span>')


def test_a_duty_record_through_the_api(
    client_for, world, snapshot, django_capture_on_commit_callbacks
):
    client = client_for("sergeant")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/duty-records/",
            {
                "member": snapshot["member"].pk,
                "team": world.alpha.pk,
                "date": END.isoformat(),
                "hours": "10",
                "activity": "response_cover",
            },
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    _response, alpha, _bravo = _bcu_page(client_for("bcu_commander"), world)
    assert alpha[ABSTRACTION]["text"] == "70.0%"


def test_a_priority_closed_yesterday(
    client_for, world, snapshot, django_capture_on_commit_callbacks
):
    priority = snapshot["priority"]
    _response, alpha, _bravo = _bcu_page(client_for("bcu_commander"), world)
    assert (alpha[OPEN_PRIORITIES]["text"], alpha[PAST_REVIEW]["text"]) == ("1", "1")
    with django_capture_on_commit_callbacks(execute=True):
        priority_close(
            priority=priority,
            version=priority.version,
            closed_on=END,
            outcome="resolved",
            public_signoff=True,
        )
    _response, alpha, bravo = _bcu_page(client_for("bcu_commander"), world)
    # Closed on the last day of the period: not open on it any more.
    assert (alpha[OPEN_PRIORITIES]["text"], alpha[PAST_REVIEW]["text"]) == ("0", "0")
    assert bravo[ABSTRACTION]["text"] == "5.0%"


def test_a_meeting_held_yesterday(client_for, world, snapshot, django_capture_on_commit_callbacks):
    _response, alpha, _bravo = _bcu_page(client_for("bcu_commander"), world)
    assert alpha[LAST_MEETING]["text"] == "Never"
    held = timezone.make_aware(dt.datetime.combine(END, dt.time(19, 0)))
    with django_capture_on_commit_callbacks(execute=True):
        # Held by the team for all it covers (no neighbourhood): counts for Abbey and Arbury.
        event_create(
            force=world.force, kind="pact_meeting", title="Alpha PACT", start=held, team=world.alpha
        )
    response, alpha, bravo = _bcu_page(client_for("bcu_commander"), world)
    assert alpha[LAST_MEETING]["text"] == "0 days"
    assert bravo[ABSTRACTION]["text"] == "5.0%"
    # The BCU's neighbourhoods: Abbey and Arbury met yesterday, Barnwell never (1 of 3 overdue).
    assert response.context["total"]["cells"][LAST_MEETING]["text"] == "0 days (1 of 3 overdue)"


def test_a_contact_answered(client_for, world, snapshot, django_capture_on_commit_callbacks):
    _response, alpha, _bravo = _bcu_page(client_for("bcu_commander"), world)
    assert alpha[CONTACTS]["text"] == "1 pending"
    with django_capture_on_commit_callbacks(execute=True):
        contact_respond(
            contact=snapshot["contact"],
            responded_at=timezone.now(),
            response="We have asked the council to check the lighting.",
        )
    _response, alpha, bravo = _bcu_page(client_for("bcu_commander"), world)
    # Received yesterday 10:00, answered now: well within 72 hours.
    assert alpha[CONTACTS]["text"] == "100% (1 of 1)"
    assert bravo[ABSTRACTION]["text"] == "5.0%"


def test_a_plan_assessed(world, snapshot, django_capture_on_commit_callbacks):
    plan = snapshot["plan"]
    ids = [world.alpha.id, world.bravo.id]
    before = dashboard_table(level="team", ids=ids, start=START, end=END)
    assert before["rows"][0]["problem_solving"]["by_stage"]["response"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        plan_advance(plan=plan, version=plan.version, stage="assessment")
    table = dashboard_table(level="team", ids=ids, start=START, end=END)
    alpha, bravo = table["rows"]
    assert alpha["source"] == "live" and bravo["source"] == "snapshot"
    assert alpha["problem_solving"]["by_stage"]["response"] == 0
    assert alpha["problem_solving"]["by_stage"]["assessment"] == 1
    assert table["changed"] == [world.alpha.id]


def test_a_policy_change_in_the_admin(
    client_for, world, snapshot, django_capture_on_commit_callbacks
):
    """The force raises its abstraction limit to 50% in the admin: every team of the force is
    re-rated (Alpha's 40.0% turns from red to green) and every row is live."""
    admin = client_for("superuser")
    url = f"/{settings.ADMIN_URL}teams/force/{world.force.pk}/change/"
    form = admin.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items() if not isinstance(v, bool) or v}
    data.update(abstraction_limit="0.500", engagement_methods="[]")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    response, alpha, bravo = _bcu_page(client_for("bcu_commander"), world)
    assert alpha[ABSTRACTION] == {"text": "40.0%", "rag": "green", "rag_word": "Green"}
    assert bravo[ABSTRACTION]["text"] == "10.0%"  # live too: the altered hours show
    _says(response, "Live: data changed since the snapshot.")


def test_the_team_page_team_row_follows(
    client_for, world, snapshot, django_capture_on_commit_callbacks
):
    client = client_for("sergeant")
    response = client.get(f"/dashboards/team/{world.alpha.id}/")
    assert response.context["total"]["cells"][ABSTRACTION]["text"] == "40.0%"
    _says(response, f"From the snapshot of {_snap_time()}.")
    with django_capture_on_commit_callbacks(execute=True):
        duty_record_create(
            member=snapshot["member"],
            team=world.alpha,
            date=END,
            hours=Decimal("10"),
            activity="response_cover",
        )
    response = client.get(f"/dashboards/team/{world.alpha.id}/")
    assert response.context["total"]["cells"][ABSTRACTION]["text"] == "70.0%"
    _says(response, "Live: data changed since the snapshot.")


def test_bcu_page_query_count_with_no_and_one_changed_team(
    client_for, world, snapshot, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client = client_for("bcu_commander")
    # 2 session and user, 1 BCU; team table 3 (scopes, snapshots, change markers); the BCU
    # total 3; the stored trend 1, checked against the BCU's change marker the total read
    # (issue 14). 2 + 1 + 3 + 3 + 1 = 10.
    with django_assert_num_queries(10):
        client.get(f"/dashboards/bcu/{world.north.id}/")
    with django_capture_on_commit_callbacks(execute=True):
        duty_record_create(
            member=snapshot["member"], team=world.alpha, date=END, hours=1, activity="patrol"
        )
    # The same 10, plus 13 to compute Alpha live (abstraction 1, supervision 1, staffing 1,
    # ageing 2, meetings 1, contacts 1, coverage 1, plans 1, plan quality 1 and the three
    # figures of DESIGN 4.5, one each) and 13 for the BCU total, and the BCU's trend live (its
    # data changed) 3: 10 + 13 + 13 + 3 = 39.
    with django_assert_num_queries(39):
        client.get(f"/dashboards/bcu/{world.north.id}/")
    for _ in range(3):  # more teams changed: still one live computation for all of them
        f.TeamFactory(bcu=world.north)
    with django_assert_num_queries(39):
        response = client.get(f"/dashboards/bcu/{world.north.id}/")
    assert len(response.context["rows"]) == 5
