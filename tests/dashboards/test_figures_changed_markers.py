"""Which writes mark which teams' figures as changed (issue 13; ``dashboards.signals``,
``teams.services.team_figures_touch``), and ``scopes_changed_since`` for teams, BCUs and forces.

The marker is written after the commit, so each write runs with the on-commit callbacks
executed; ``settled`` first writes (and then clears) the markers of the world's own set-up."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engagement.services import event_create
from priorities.services import priority_review_add
from teams.models import Team
from teams.selectors import scopes_changed_since
from teams.services import (
    WEEK_PATTERNS,
    duty_record_create,
    duty_record_update,
    duty_week_fill,
    team_figures_touch,
)
from tests import factories as f

MONDAY = dt.date(2026, 3, 2)


@pytest.fixture
def settled(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        team_figures_touch()
    Team.objects.update(figures_changed_at=None)
    return world


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def marked(*teams) -> set[str]:
    """Names of the teams marked (of those given, or all)."""
    qs = Team.objects.filter(figures_changed_at__isnull=False)
    if teams:
        qs = qs.filter(pk__in=[t.pk for t in teams])
    return set(qs.values_list("name", flat=True))


def test_a_week_filled_marks_its_team_with_one_update(settled, committed):
    world = settled
    member = f.PostingFactory(team=world.alpha, start_date=dt.date(2026, 1, 1)).member
    Team.objects.update(figures_changed_at=None)
    with CaptureQueriesContext(connection) as queries, committed():
        result = duty_week_fill(
            member=member, team=world.alpha, monday=MONDAY, days=WEEK_PATTERNS["weekdays"][1]
        )
    assert len(result.filled) == 7
    updates = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "teams_team"')
    ]
    assert len(updates) == 1  # seven days, one statement after the commit
    assert marked() == {"Alpha NPT"}


def test_a_refused_write_marks_nothing(settled, committed):
    world = settled
    member = f.PostingFactory(team=world.alpha, start_date=dt.date(2026, 1, 1)).member
    Team.objects.update(figures_changed_at=None)
    with committed():
        with pytest.raises(ValidationError):
            duty_record_create(
                member=member, team=world.alpha, date=MONDAY, hours=Decimal("25"), activity="patrol"
            )
        with pytest.raises(RuntimeError), transaction.atomic():
            duty_record_create(
                member=member, team=world.alpha, date=MONDAY, hours=Decimal("8"), activity="patrol"
            )
            raise RuntimeError("rolled back")
    assert marked() == set()


def test_a_record_moved_to_another_team_marks_both(settled, committed):
    world = settled
    member = f.PostingFactory(team=world.alpha, fte=Decimal("0.5"), start_date=MONDAY).member
    f.PostingFactory(team=world.bravo, member=member, fte=Decimal("0.5"), start_date=MONDAY)
    record = f.DutyRecordFactory(member=member, team=world.alpha, date=MONDAY)
    record = type(record).objects.get(pk=record.pk)  # loaded as a page or the API loads it
    Team.objects.update(figures_changed_at=None)
    with committed():
        duty_record_update(record=record, team=world.bravo)
    assert marked() == {"Alpha NPT", "Bravo NPT"}


def test_a_team_meeting_marks_every_team_covering_its_neighbourhoods(settled, committed):
    world = settled
    f.TeamFactory(bcu=world.north, name="Delta NPT", neighbourhoods=[world.a2])
    Team.objects.update(figures_changed_at=None)
    with committed():
        event_create(
            force=world.force,
            kind="pact_meeting",
            title="Alpha panel for Abbey and Arbury",
            start=timezone.now() - dt.timedelta(days=1),
            team=world.alpha,
        )
    # Delta shares Arbury with Alpha; Bravo covers neither.
    assert marked() == {"Alpha NPT", "Delta NPT"}


def test_a_priority_review_marks_the_teams_of_its_neighbourhood(settled, committed):
    world = settled
    priority = f.PriorityFactory(neighbourhood=world.b1)
    Team.objects.update(figures_changed_at=None)
    with committed():
        priority_review_add(
            priority=priority,
            kind="review",
            text="Reviewed at the PACT meeting.",
            date=dt.date(2025, 3, 1),
        )
    assert marked() == {"Bravo NPT"}
    Team.objects.update(figures_changed_at=None)
    with committed():
        priority.delete()  # the admin's delete: its reviews go with it
    assert marked() == {"Bravo NPT"}


def test_neighbourhood_links_mark_both_sides(settled, committed):
    world = settled
    with committed():
        world.a1.teams.add(world.bravo)  # the neighbourhood side, as the admin's picker does
    assert marked() == {"Alpha NPT", "Bravo NPT"}
    Team.objects.update(figures_changed_at=None)
    with committed():
        world.bravo.neighbourhoods.clear()
    assert marked() == {"Alpha NPT", "Bravo NPT"}


def test_a_force_policy_change_marks_every_team_of_the_force(settled, committed):
    world = settled
    force = type(world.force).objects.get(pk=world.force.pk)
    with committed():
        force.name = "Testshire Constabulary"
        force.save()
    assert marked() == set()  # a name is no figure
    with committed():
        force.priority_review_days = 60
        force.save()
    assert marked() == {"Alpha NPT", "Bravo NPT", "Charlie NPT"}  # not the other force's


def test_a_member_with_new_contact_details_marks_their_teams(settled, committed):
    world = settled
    member = f.PostingFactory(team=world.charlie, start_date=MONDAY).member
    Team.objects.update(figures_changed_at=None)
    with committed():
        member.contact_details = {"email": "pc.jones@example.org"}
        member.save()
    assert marked() == {"Charlie NPT"}


def test_scopes_changed_since_per_level(settled, committed):
    world = settled
    before = timezone.now()
    with committed():
        team_figures_touch(team_ids=[world.bravo.pk])
    assert scopes_changed_since(
        level="team", scopes=[world.alpha.pk, world.bravo.pk], computed_at=before
    ) == {world.bravo.pk}
    # A BCU's marker is the latest of its teams', a force's of all its teams'.
    assert scopes_changed_since(
        level="bcu", scopes=[world.north.pk, world.south.pk], computed_at=before
    ) == {world.north.pk}
    assert scopes_changed_since(
        level="force", scopes=[world.force.pk, world.other_force.pk], computed_at=before
    ) == {world.force.pk}
    # Per scope times: North's snapshot taken after the change holds.
    after = timezone.now()
    assert (
        scopes_changed_since(
            level="bcu",
            scopes=[world.north.pk, world.south.pk],
            computed_at={world.north.pk: after, world.south.pk: before},
        )
        == set()
    )
