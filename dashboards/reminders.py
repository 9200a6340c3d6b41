"""Nightly reminders to neighbourhood sergeants (DESIGN.md section 8: reviews due, meetings
overdue).

``reminders_due`` (selector) lists, per team, what needs doing, with the SAME definitions as
the dashboard metrics (it reuses their expressions from ``dashboards.metrics``):

- priorities whose formal review is overdue (``priority_ageing``'s ``review_overdue``:
  today - last review > ``Force.priority_review_days``; "review priorities at least every
  three months", seeds/004_9fc604fdf3343b13.txt lines 23158-23160) or falls due within the next
  ``DUE_SOON_DAYS`` days (today - last review >= priority_review_days - 7);
- SARA plans past ``next_review_on`` (``problem_solving``'s ``review_overdue``);
- neighbourhoods whose last PACT meeting or ward panel is more than
  ``Force.meeting_interval_days`` ago, or that have had none (``meeting_cadence``'s
  ``overdue``; "every two to three months", seeds/004 line 8427);
- public contacts still unanswered after ``Force.contact_response_hours``
  (``contact_responsiveness``'s late and unanswered).

``reminders_send`` (service) emails each team's sergeants one message listing them, at most
once per team and day (``ReminderRun``), so the Celery task can be rerun or retried.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import Role, User
from dashboards.metrics.common import DateMinusDays, date_value
from dashboards.metrics.engagement import _last_meeting
from dashboards.metrics.priorities import open_on
from dashboards.metrics.problem_solving import plan_open_on
from dashboards.models import ReminderRun
from engagement.models import PublicContact
from priorities.models import Priority
from problemsolving.models import Plan
from teams.models import Neighbourhood, Team

# A priority is "due soon" when its review falls due in the next 7 days (our choice: a week's
# notice before the dashboards turn it red).
DUE_SOON_DAYS = 7


def _site_url() -> str:
    """The address the emails link to (``NPMS_SITE_URL``), without a trailing slash."""
    return settings.SITE_URL.rstrip("/")


@dataclass
class TeamReminders:
    """What one team has to do; each list is of plain dicts, oldest first."""

    team_id: int
    team_name: str
    priorities_overdue: list[dict] = field(default_factory=list)
    priorities_due_soon: list[dict] = field(default_factory=list)
    plans_overdue: list[dict] = field(default_factory=list)
    meetings_overdue: list[dict] = field(default_factory=list)
    contacts_late: list[dict] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (
            len(self.priorities_overdue)
            + len(self.priorities_due_soon)
            + len(self.plans_overdue)
            + len(self.meetings_overdue)
            + len(self.contacts_late)
        )


def reminders_due(
    *, today: dt.date, now: dt.datetime | None = None, team_ids=None
) -> dict[int, TeamReminders]:
    """{team id: TeamReminders} for the teams (``team_ids``: a list or queryset of ids, None for
    every team) that have at least one reminder on ``today``; ``now`` (default: the current
    time) decides which contacts are past their deadline. Five queries whatever the number of
    teams: the teams, then one per kind of reminder."""
    now = now or timezone.now()
    teams = Team.objects.order_by("name", "id")
    if team_ids is not None:
        teams = teams.filter(id__in=team_ids)
    out: dict[int, TeamReminders] = {}
    names = dict(teams.values_list("id", "name"))
    in_teams = Q(neighbourhood__teams__in=list(names))

    def add(team_id: int, kind: str, item: dict) -> None:
        if team_id not in out:
            out[team_id] = TeamReminders(team_id=team_id, team_name=names[team_id])
        getattr(out[team_id], kind).append(item)

    # Priorities: overdue exactly as priority_ageing counts review_overdue
    # (Priority.objects.with_review_status). The review is due on ``review_due`` (the last day in
    # time); "due within 7 days" means that day is at most today + 7. Reviews dated up to today
    # count.
    priorities = (
        Priority.objects.filter(open_on(today), in_teams)
        .with_review_status(today)
        .filter(review_due__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
        .values(
            "id",
            "title",
            "last_review",
            "review_due",
            "review_overdue",
            team_key=F("neighbourhood__teams"),
            neighbourhood_name=F("neighbourhood__name"),
        )
        .order_by("last_review", "id")
    )
    for row in priorities:
        item = {
            "id": row["id"],
            "title": row["title"],
            "neighbourhood": row["neighbourhood_name"],
            "last_review": row["last_review"],
            "due_on": row["review_due"],
            "days": abs((today - row["review_due"]).days),
        }
        kind = "priorities_overdue" if row["review_overdue"] else "priorities_due_soon"
        add(row["team_key"], kind, item)

    # Plans: open on today with next_review_on before today (problem_solving's rule).
    plans = (
        Plan.objects.filter(plan_open_on(today), in_teams, next_review_on__lt=today)
        .values(
            "id",
            "title",
            "next_review_on",
            team_key=F("neighbourhood__teams"),
            neighbourhood_name=F("neighbourhood__name"),
        )
        .order_by("next_review_on", "id")
    )
    for row in plans:
        add(
            row["team_key"],
            "plans_overdue",
            {
                "id": row["id"],
                "title": row["title"],
                "neighbourhood": row["neighbourhood_name"],
                "next_review_on": row["next_review_on"],
                "days": (today - row["next_review_on"]).days,
            },
        )

    # Meetings: meeting_cadence's overdue (none at all, or the last priority-setting event on
    # or before today earlier than today - meeting_interval_days).
    cutoff = DateMinusDays(date_value(today), F("force__meeting_interval_days"))
    hoods = (
        Neighbourhood.objects.filter(teams__in=list(names))
        .annotate(last=_last_meeting(today))
        .filter(Q(last__isnull=True) | Q(last__lt=cutoff))
        .values("id", "name", "last", "force__meeting_interval_days", team_key=F("teams"))
        .order_by(F("last").asc(nulls_first=True), "name", "id")
    )
    for row in hoods:
        add(
            row["team_key"],
            "meetings_overdue",
            {
                "id": row["id"],
                "neighbourhood": row["name"],
                "last_meeting": row["last"],
                "days": (today - row["last"]).days if row["last"] else None,
                "interval_days": row["force__meeting_interval_days"],
            },
        )

    # Contacts: unanswered and past received_at + contact_response_hours by ``now``
    # (contact_responsiveness counts these as late).
    contacts = (
        PublicContact.objects.filter(in_teams)
        .with_response_status(now)
        .filter(overdue=True)
        .values(
            "id",
            "summary",
            "received_at",
            "deadline",
            team_key=F("neighbourhood__teams"),
            neighbourhood_name=F("neighbourhood__name"),
        )
        .order_by("received_at", "id")
    )
    for row in contacts:
        add(
            row["team_key"],
            "contacts_late",
            {
                "id": row["id"],
                "summary": row["summary"],
                "neighbourhood": row["neighbourhood_name"],
                "received_at": row["received_at"],
                "deadline": row["deadline"],
            },
        )
    return dict(sorted(out.items(), key=lambda kv: (kv[1].team_name, kv[0])))


def team_sergeant_emails(team_ids) -> dict[int, list[str]]:
    """{team id: [email...]} of the active users with the sergeant role in each team that have
    an email address; one query."""
    rows = (
        User.objects.filter(role=Role.SERGEANT, team_id__in=team_ids, is_active=True)
        .exclude(email="")
        .order_by("email")
        .values_list("team_id", "email")
    )
    out: dict[int, list[str]] = {}
    for team_id, email in rows:
        if email not in out.setdefault(team_id, []):
            out[team_id].append(email)
    return out


def _day(day: dt.date, *, long: bool = False) -> str:
    """ "5 Jul 2025" (or "5 July 2025"), without the platform-specific %-d."""
    return f"{day.day} {day:%B %Y}" if long else f"{day.day} {day:%b %Y}"


def _moment(moment: dt.datetime) -> str:
    """ "27 Jun 2025 01:00" in local time."""
    local = timezone.localtime(moment)
    return f"{_day(local)} {local:%H:%M}"


def reminder_message(reminders: TeamReminders, *, today: dt.date) -> tuple[str, str]:
    """(subject, plain-text body) of one team's reminder email."""
    subject = (
        f"NPMS reminders for {reminders.team_name}, {_day(today, long=True)}: {reminders.count}"
    )
    lines = [f"Reminders for {reminders.team_name} on {today:%A} {_day(today, long=True)}.", ""]

    def section(title: str, items: list[dict], text) -> None:
        if items:
            lines.append(f"{title} ({len(items)}):")
            lines.extend(f"- {text(item)}" for item in items)
            lines.append("")

    section(
        "Priorities overdue for review",
        reminders.priorities_overdue,
        lambda p: (
            f"{p['title']} ({p['neighbourhood']}): last reviewed "
            f"{_day(p['last_review'])}, due {_day(p['due_on'])}, {p['days']} days overdue"
        ),
    )
    section(
        f"Priorities due for review in the next {DUE_SOON_DAYS} days",
        reminders.priorities_due_soon,
        lambda p: (
            f"{p['title']} ({p['neighbourhood']}): due {_day(p['due_on'])}"
            + (" (today)" if not p["days"] else f", in {p['days']} days")
        ),
    )
    section(
        "Problem-solving plans past their review date",
        reminders.plans_overdue,
        lambda p: (
            f"{p['title']} ({p['neighbourhood']}): review was due {_day(p['next_review_on'])}"
            f" – {_site_url()}/plans/{p['id']}/"
        ),
    )
    section(
        "Neighbourhoods overdue a PACT meeting or ward panel",
        reminders.meetings_overdue,
        lambda m: (
            f"{m['neighbourhood']}: "
            + (
                f"last met {_day(m['last_meeting'])}, {m['days']} days ago"
                if m["last_meeting"]
                else "no meeting recorded"
            )
            + f" (every {m['interval_days']} days at most)"
        ),
    )
    section(
        "Public contacts waiting for an answer past the deadline",
        reminders.contacts_late,
        lambda c: (
            f"{c['neighbourhood']}: {c['summary']} (received "
            f"{_moment(c['received_at'])}, answer due {_moment(c['deadline'])})"
        ),
    )
    lines.append("Sign in to NPMS to review them.")
    return subject, "\n".join(lines) + "\n"


@dataclass
class ReminderResult:
    sent: list[int] = field(default_factory=list)  # team ids emailed now
    already_sent: list[int] = field(default_factory=list)  # emailed earlier the same day
    no_recipients: list[int] = field(default_factory=list)  # no sergeant with an email


def reminders_send(
    *, today: dt.date | None = None, now: dt.datetime | None = None, team_ids=None
) -> ReminderResult:
    """Email each team with reminders due on ``today`` (default: the local date) one message,
    to its sergeants (users with role sergeant in the team and an email address).

    Idempotent per team and day: the ``ReminderRun`` row is inserted in the same transaction
    as the email is sent, so a team already emailed today is skipped, a failed send leaves no
    row (the retry sends it), and two workers racing on the same team send it once (the second
    insert waits for the first and then fails the unique constraint). Teams without such a
    sergeant are skipped and not recorded, so a sergeant added later that day still gets it."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    due = reminders_due(today=today, now=now, team_ids=team_ids)
    emails = team_sergeant_emails(list(due))
    done = set(
        ReminderRun.objects.filter(date=today, team_id__in=list(due)).values_list(
            "team_id", flat=True
        )
    )
    result = ReminderResult()
    for team_id, reminders in due.items():
        recipients = emails.get(team_id)
        if team_id in done:
            result.already_sent.append(team_id)
            continue
        if not recipients:
            result.no_recipients.append(team_id)
            continue
        subject, body = reminder_message(reminders, today=today)
        try:
            with transaction.atomic():
                ReminderRun.objects.create(
                    date=today,
                    team_id=team_id,
                    recipients="\n".join(recipients),
                    items=reminders.count,
                    sent_at=timezone.now(),
                )
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except IntegrityError:
            # Another run recorded this team's email for today first.
            result.already_sent.append(team_id)
            continue
        result.sent.append(team_id)
    return result
