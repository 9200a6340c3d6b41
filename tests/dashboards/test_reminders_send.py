"""reminders_send and the nightly task: one email per team to its sergeants, once a day."""

import datetime as dt
import zoneinfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings

from accounts.models import Role
from dashboards import tasks
from dashboards.models import ReminderRun
from dashboards.reminders import reminders_send
from problemsolving.models import Plan
from tests import factories as f

TODAY = dt.date(2025, 6, 30)
LONDON = zoneinfo.ZoneInfo("Europe/London")
NOW = dt.datetime(2025, 6, 30, 9, 0, tzinfo=LONDON)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that is down: every send fails."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server unreachable")


@pytest.fixture
def setup(world):
    """Alpha: one priority overdue, one due soon, a plan past review, A1 and A2 never met, a
    contact unanswered 80 hours.
    Bravo: B1 never met. Charlie: C1 met yesterday, nothing due. Sergeants: two in Alpha with
    email, one without email, one inactive; an officer in Alpha (not a recipient); Bravo's
    sergeant has an email."""
    f.PriorityFactory(neighbourhood=world.a1, title="Speeding on Mill Road", date_set=days_ago(95))
    f.PriorityFactory(neighbourhood=world.a2, title="Litter at the rec", date_set=days_ago(85))
    f.PlanFactory(
        neighbourhood=world.a1,
        title="Mill Road plan",
        opened_on=days_ago(60),
        next_review_on=days_ago(3),
    )
    f.PublicContactFactory(
        neighbourhood=world.a1,
        summary="Cars speeding on Station Road",
        received_at=NOW - dt.timedelta(hours=80),
    )
    for hood in (world.c1, world.other_neighbourhood):
        f.EventFactory(
            neighbourhood=hood,
            kind="pact_meeting",
            start=dt.datetime.combine(days_ago(1), dt.time(19), tzinfo=LONDON),
        )
    make = f.UserFactory
    make(username="sgt_a", role=Role.SERGEANT, team=world.alpha, email="a.sgt@police.example")
    make(username="sgt_b", role=Role.SERGEANT, team=world.alpha, email="b.sgt@police.example")
    make(username="sgt_none", role=Role.SERGEANT, team=world.alpha, email="")
    make(
        username="sgt_gone",
        role=Role.SERGEANT,
        team=world.alpha,
        email="gone@police.example",
        is_active=False,
    )
    make(username="pc_a", role=Role.OFFICER, team=world.alpha, email="pc@police.example")
    make(username="sgt_bravo", role=Role.SERGEANT, team=world.bravo, email="bravo@police.example")
    return world


@override_settings(SITE_URL="https://npms.example.police.uk/")
def test_one_email_per_team_to_its_sergeants(setup):
    world = setup
    result = reminders_send(today=TODAY, now=NOW)
    assert result.sent == [world.alpha.id, world.bravo.id]
    # Charlie and Otherforce's team met yesterday and have nothing due: no email.
    assert result.no_recipients == []
    assert len(mail.outbox) == 2
    alpha, bravo = mail.outbox
    assert alpha.to == ["a.sgt@police.example", "b.sgt@police.example"]
    assert bravo.to == ["bravo@police.example"]
    assert alpha.from_email == settings.DEFAULT_FROM_EMAIL
    # Alpha: 1 overdue + 1 due soon + 1 plan + 2 neighbourhoods never met + 1 contact = 6.
    assert alpha.subject == "NPMS reminders for Alpha NPT, 30 June 2025: 6"
    assert alpha.body.startswith("Reminders for Alpha NPT on Monday 30 June 2025.\n")
    body = alpha.body
    assert "Priorities overdue for review (1):" in body
    # Set 95 days ago (27 Mar), due 90 days later (25 Jun): 5 days overdue.
    assert (
        "- Speeding on Mill Road (Abbey): last reviewed 27 Mar 2025, due 25 Jun 2025, "
        "5 days overdue" in body
    )
    # Set 85 days ago (6 Apr), due 5 Jul: in 5 days.
    assert "- Litter at the rec (Arbury): due 5 Jul 2025, in 5 days" in body
    plan = Plan.objects.get(title="Mill Road plan")
    assert (
        f"- Mill Road plan (Abbey): review was due 27 Jun 2025 – "
        f"https://npms.example.police.uk/plans/{plan.pk}/" in body
    )
    assert "- Abbey: no meeting recorded (every 90 days at most)" in body
    assert "- Arbury: no meeting recorded" in body
    # Received 80 h before 30 Jun 09:00 (27 Jun 01:00); answer due 72 h later (30 Jun 01:00).
    assert (
        "- Abbey: Cars speeding on Station Road (received 27 Jun 2025 01:00, "
        "answer due 30 Jun 2025 01:00)" in body
    )
    runs = {run.team_id: run for run in ReminderRun.objects.all()}
    assert set(runs) == {world.alpha.id, world.bravo.id}
    assert runs[world.alpha.id].items == 6
    assert runs[world.alpha.id].recipients == "a.sgt@police.example\nb.sgt@police.example"
    assert runs[world.alpha.id].date == TODAY


def test_rerun_the_same_day_sends_nothing_the_next_day_sends_again(setup):
    world = setup
    reminders_send(today=TODAY, now=NOW)
    again = reminders_send(today=TODAY, now=NOW)
    assert again.sent == []
    assert again.already_sent == [world.alpha.id, world.bravo.id]
    assert len(mail.outbox) == 2
    assert ReminderRun.objects.count() == 2
    tomorrow = reminders_send(today=TODAY + dt.timedelta(days=1), now=NOW + dt.timedelta(days=1))
    assert tomorrow.sent == [world.alpha.id, world.bravo.id]
    assert len(mail.outbox) == 4


def test_team_without_a_sergeant_email_is_skipped_and_not_recorded(world):
    f.PriorityFactory(neighbourhood=world.c1, title="Charlie's", date_set=days_ago(100))
    f.UserFactory(username="sgt_c", role=Role.SERGEANT, team=world.charlie, email="")
    result = reminders_send(today=TODAY, now=NOW)
    assert world.charlie.id in result.no_recipients
    assert mail.outbox == []
    assert not ReminderRun.objects.exists()
    # A sergeant with an email added later that day still gets it.
    f.UserFactory(username="sgt_c2", role=Role.SERGEANT, team=world.charlie, email="c@x.example")
    assert world.charlie.id in reminders_send(today=TODAY, now=NOW).sent
    assert [m.to for m in mail.outbox] == [["c@x.example"]]


def test_a_failed_send_records_nothing_so_the_retry_sends(setup):
    with override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend"):
        with pytest.raises(ConnectionRefusedError):
            reminders_send(today=TODAY, now=NOW)
    assert not ReminderRun.objects.exists()
    result = reminders_send(today=TODAY, now=NOW)
    assert result.sent == [setup.alpha.id, setup.bravo.id]
    assert len(mail.outbox) == 2


def test_query_count(setup, django_assert_num_queries):
    # 1-5 reminders_due (teams, priorities, plans, neighbourhoods, contacts); 6 sergeants'
    # emails; 7 runs already recorded today; then per team emailed (2): SAVEPOINT, INSERT the
    # run, RELEASE SAVEPOINT = 6. Total 13.
    with django_assert_num_queries(13):
        reminders_send(today=TODAY, now=NOW)
    # A rerun: the 7 reads, nothing written.
    with django_assert_num_queries(7):
        reminders_send(today=TODAY, now=NOW)


def test_task_sends_and_is_idempotent(setup):
    assert tasks.send_reminders.delay(TODAY.isoformat()).get() == {
        "sent": 2,
        "already_sent": 0,
        "no_recipients": 0,
    }
    assert tasks.send_reminders.delay(TODAY.isoformat()).get() == {
        "sent": 0,
        "already_sent": 2,
        "no_recipients": 0,
    }
    assert len(mail.outbox) == 2


def test_beat_runs_the_task_nightly():
    entry = settings.CELERY_BEAT_SCHEDULE["reminders-nightly"]
    assert entry["task"] == "dashboards.send_reminders" == tasks.send_reminders.name
    assert entry["schedule"].hour == {5}
    assert entry["schedule"].minute == {0}
