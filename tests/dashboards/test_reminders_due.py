"""reminders_due: what each team's sergeants are reminded of (DESIGN.md section 8).

Default policies of the world's force: priority_review_days 90, meeting_interval_days 90,
contact_response_hours 72. Team Alpha covers A1 and A2, Bravo covers B1, Charlie covers C1.
"""

import datetime as dt
import zoneinfo

import pytest

from dashboards.metrics.engagement import meeting_cadence_many
from dashboards.metrics.priorities import priority_ageing_many
from dashboards.reminders import reminders_due
from tests import factories as f

TODAY = dt.date(2025, 6, 30)
LONDON = zoneinfo.ZoneInfo("Europe/London")
NOW = dt.datetime(2025, 6, 30, 9, 0, tzinfo=LONDON)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def evening(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(19, 0), tzinfo=LONDON)


def titles(items) -> list[str]:
    return [item["title"] for item in items]


@pytest.fixture
def no_meetings_due(world):
    """Every neighbourhood met yesterday, so only the reminders a test sets up appear."""
    for hood in (world.a1, world.a2, world.b1, world.c1, world.other_neighbourhood):
        f.EventFactory(
            neighbourhood=hood, kind="pact_meeting", start=evening(days_ago(1)), force=hood.force
        )


def test_priority_review_due_soon_and_overdue_boundaries(world, no_meetings_due):
    # Never formally reviewed, so the last review is date_set. With 90 days the review falls due
    # on date_set + 90 and is overdue from the day after (today - last review > 90).
    for age in (82, 83, 85, 90, 91, 120):
        f.PriorityFactory(
            neighbourhood=world.a1, title=f"set {age} days ago", date_set=days_ago(age)
        )
    due = reminders_due(today=TODAY, now=NOW)
    alpha = due[world.alpha.id]
    # 82 days ago: due in 8 days, not yet. 83: due in exactly 7 days. 85: in 5. 90: due today.
    assert titles(alpha.priorities_due_soon) == [
        "set 90 days ago",
        "set 85 days ago",
        "set 83 days ago",
    ]
    assert [p["days"] for p in alpha.priorities_due_soon] == [0, 5, 7]
    assert alpha.priorities_due_soon[1]["due_on"] == dt.date(2025, 7, 5)  # 30 Jun + 5
    # 91 days ago: overdue by 1 day; 120 days: by 30. Oldest first.
    assert titles(alpha.priorities_overdue) == ["set 120 days ago", "set 91 days ago"]
    assert [p["days"] for p in alpha.priorities_overdue] == [30, 1]
    assert alpha.priorities_overdue[1]["due_on"] == dt.date(2025, 6, 29)  # 31 Mar + 90
    assert alpha.priorities_overdue[0]["neighbourhood"] == "Abbey"
    assert alpha.count == 5
    assert set(due) == {world.alpha.id}


def test_only_formal_reviews_on_or_before_today_count(world, no_meetings_due):
    reviewed = f.PriorityFactory(neighbourhood=world.a1, title="reviewed", date_set=days_ago(200))
    f.PriorityReviewFactory(priority=reviewed, kind="review", date=days_ago(85))
    updated = f.PriorityFactory(neighbourhood=world.a1, title="updated", date_set=days_ago(95))
    f.PriorityReviewFactory(priority=updated, kind="update", date=days_ago(1))
    f.PriorityReviewFactory(priority=updated, kind="feedback", date=days_ago(1))
    future = f.PriorityFactory(neighbourhood=world.a1, title="future review", date_set=days_ago(92))
    f.PriorityReviewFactory(priority=future, kind="review", date=TODAY + dt.timedelta(days=1))
    alpha = reminders_due(today=TODAY, now=NOW)[world.alpha.id]
    # Reviewed 85 days ago: due in 5 days. An update or feedback is not a review: 95 days since
    # it was set, overdue by 5. A review dated tomorrow does not count today: overdue by 2.
    assert [(p["title"], p["days"]) for p in alpha.priorities_due_soon] == [("reviewed", 5)]
    assert alpha.priorities_due_soon[0]["last_review"] == days_ago(85)
    assert [(p["title"], p["days"]) for p in alpha.priorities_overdue] == [
        ("updated", 5),
        ("future review", 2),
    ]


def test_closed_priorities_and_other_teams(world, no_meetings_due):
    f.PriorityFactory(
        neighbourhood=world.a1,
        title="closed",
        date_set=days_ago(200),
        status="closed",
        closed_on=days_ago(3),
        outcome="resolved",
    )
    f.PriorityFactory(neighbourhood=world.b1, title="bravo's", date_set=days_ago(100))
    f.PriorityFactory(
        neighbourhood=world.other_neighbourhood, title="other", date_set=days_ago(100)
    )
    due = reminders_due(today=TODAY, now=NOW)
    assert world.alpha.id not in due
    assert titles(due[world.bravo.id].priorities_overdue) == ["bravo's"]
    assert titles(due[world.other_team.id].priorities_overdue) == ["other"]
    # Narrowed to some teams.
    assert set(reminders_due(today=TODAY, now=NOW, team_ids=[world.bravo.id])) == {world.bravo.id}


def test_a_neighbourhood_covered_by_two_teams_reminds_both(world, no_meetings_due):
    world.bravo.neighbourhoods.add(world.a1)
    f.PriorityFactory(neighbourhood=world.a1, title="shared", date_set=days_ago(91))
    due = reminders_due(today=TODAY, now=NOW)
    assert titles(due[world.alpha.id].priorities_overdue) == ["shared"]
    assert titles(due[world.bravo.id].priorities_overdue) == ["shared"]
    # Narrowed to Alpha, the priority is listed once, for Alpha only.
    only = reminders_due(today=TODAY, now=NOW, team_ids=[world.alpha.id])
    assert set(only) == {world.alpha.id}
    assert titles(only[world.alpha.id].priorities_overdue) == ["shared"]


def test_force_review_policy_is_used(world, no_meetings_due):
    world.force.priority_review_days = 60
    world.force.save()
    f.PriorityFactory(neighbourhood=world.a1, title="55 days", date_set=days_ago(55))
    f.PriorityFactory(neighbourhood=world.a1, title="61 days", date_set=days_ago(61))
    alpha = reminders_due(today=TODAY, now=NOW)[world.alpha.id]
    # 60-day policy: set 55 days ago, due in 5; set 61 days ago, overdue by 1.
    assert [(p["title"], p["days"]) for p in alpha.priorities_due_soon] == [("55 days", 5)]
    assert [(p["title"], p["days"]) for p in alpha.priorities_overdue] == [("61 days", 1)]


def test_overdue_priorities_match_the_priority_ageing_metric(world, no_meetings_due):
    for age in (10, 89, 90, 91, 150):
        f.PriorityFactory(neighbourhood=world.a1, date_set=days_ago(age))
        f.PriorityFactory(neighbourhood=world.b1, date_set=days_ago(age + 1))
    due = reminders_due(today=TODAY, now=NOW)
    metric = priority_ageing_many(level="team", ids=None, as_of=TODAY)
    # Alpha: 91 and 150 are overdue (2); Bravo: 91, 92 and 151 (3).
    assert (
        len(due[world.alpha.id].priorities_overdue) == metric[world.alpha.id]["review_overdue"] == 2
    )
    assert (
        len(due[world.bravo.id].priorities_overdue) == metric[world.bravo.id]["review_overdue"] == 3
    )


def test_plans_past_next_review(world, no_meetings_due):
    f.PlanFactory(
        neighbourhood=world.a2, title="late", opened_on=days_ago(60), next_review_on=days_ago(1)
    )
    f.PlanFactory(
        neighbourhood=world.a2, title="due today", opened_on=days_ago(60), next_review_on=TODAY
    )
    f.PlanFactory(neighbourhood=world.a2, title="no date", opened_on=days_ago(60))
    f.PlanFactory(
        neighbourhood=world.a2,
        title="closed",
        opened_on=days_ago(60),
        next_review_on=days_ago(30),
        stage="closed",
        closed_on=days_ago(2),
        outcome="reduced",
    )
    alpha = reminders_due(today=TODAY, now=NOW)[world.alpha.id]
    assert [(p["title"], p["days"], p["neighbourhood"]) for p in alpha.plans_overdue] == [
        ("late", 1, "Arbury")
    ]


def test_meetings_overdue(world):
    f.EventFactory(neighbourhood=world.a1, kind="pact_meeting", start=evening(days_ago(90)))
    f.EventFactory(neighbourhood=world.a2, kind="ward_panel", start=evening(days_ago(91)))
    # A street briefing is not a priority-setting meeting; a PACT meeting tomorrow is not held.
    f.EventFactory(neighbourhood=world.a2, kind="street_briefing", start=evening(days_ago(1)))
    f.EventFactory(
        neighbourhood=world.a2, kind="pact_meeting", start=evening(TODAY + dt.timedelta(days=1))
    )
    f.EventFactory(neighbourhood=world.c1, kind="pact_meeting", start=evening(days_ago(1)))
    f.EventFactory(
        neighbourhood=world.other_neighbourhood, kind="pact_meeting", start=evening(days_ago(1))
    )
    due = reminders_due(today=TODAY, now=NOW)
    # A1 met 90 days ago: not overdue (90 is not more than 90). A2 last met 91 days ago: overdue.
    # B1 never met: overdue. C1 met yesterday.
    assert due[world.alpha.id].meetings_overdue == [
        {
            "id": world.a2.id,
            "neighbourhood": "Arbury",
            "last_meeting": days_ago(91),
            "days": 91,
            "interval_days": 90,
        }
    ]
    assert [
        (m["neighbourhood"], m["last_meeting"], m["days"])
        for m in due[world.bravo.id].meetings_overdue
    ] == [("Barnwell", None, None)]
    assert world.charlie.id not in due
    metric = meeting_cadence_many(level="team", ids=None, as_of=TODAY)
    assert metric[world.alpha.id]["overdue"] == 1
    assert metric[world.bravo.id]["overdue"] == 1


def test_contacts_unanswered_past_the_deadline(world, no_meetings_due):
    hours = dt.timedelta(hours=1)
    f.PublicContactFactory(neighbourhood=world.a1, summary="73 hours", received_at=NOW - 73 * hours)
    f.PublicContactFactory(neighbourhood=world.a1, summary="72 hours", received_at=NOW - 72 * hours)
    f.PublicContactFactory(neighbourhood=world.a1, summary="71 hours", received_at=NOW - 71 * hours)
    f.PublicContactFactory(
        neighbourhood=world.a1,
        summary="answered late",
        received_at=NOW - 100 * hours,
        responded_at=NOW - 1 * hours,
    )
    alpha = reminders_due(today=TODAY, now=NOW)[world.alpha.id]
    # Deadline = received + 72 h. 73 h ago: an hour past it. 72 h ago: the deadline is now,
    # not yet past. 71 h ago: an hour left. Answered, even late: no reminder.
    assert [c["summary"] for c in alpha.contacts_late] == ["73 hours"]
    assert alpha.contacts_late[0]["deadline"] == NOW - 1 * hours


def test_five_queries_whatever_the_number_of_teams(world, django_assert_num_queries):
    f.PriorityFactory(neighbourhood=world.a1, date_set=days_ago(100))
    f.PriorityFactory(neighbourhood=world.c1, date_set=days_ago(100))
    f.PlanFactory(neighbourhood=world.b1, opened_on=days_ago(60), next_review_on=days_ago(1))
    f.PublicContactFactory(neighbourhood=world.c1, received_at=NOW - dt.timedelta(days=5))
    # 1 the teams, 2 priorities, 3 plans, 4 neighbourhoods and their last meeting, 5 contacts.
    with django_assert_num_queries(5):
        due = reminders_due(today=TODAY, now=NOW)
    assert set(due) == {world.alpha.id, world.bravo.id, world.charlie.id, world.other_team.id}
