"""seed_demo --scale met: a year of engagement at Met-size volumes (issue 14: about 20,000
priorities with reviews, 60,000 events, 30,000 contacts and 5,000 plans over 630 teams), so
many per team that the totals scale with --met-bcus; plans obey the SARA stage rules."""

import datetime as dt

import pytest
from django.db.models import Count, Q

from engagement.models import Event, PublicContact
from priorities.models import Priority, PriorityReview
from problemsolving.models import Plan
from teams.models import Force, Team

from .conftest import TODAY, seed

pytestmark = pytest.mark.django_db


def test_volumes_scale_with_the_teams():
    seed("--scale", "met", "--met-bcus", "2", "--met-days", "1")
    force = Force.objects.get(slug="metropolis")
    teams = Team.objects.filter(bcu__force=force).count()
    assert teams == 39
    # Per team: 27-37 priorities, 85-105 events, 40-56 contacts, 8 plans (630 teams: about
    # 20,160 / 59,850 / 30,240 / 5,040).
    priorities = Priority.objects.filter(neighbourhood__force=force)
    assert 39 * 27 <= priorities.count() <= 39 * 37
    events = Event.objects.filter(force=force)
    assert 39 * 85 <= events.count() <= 39 * 105
    contacts = PublicContact.objects.filter(neighbourhood__force=force)
    assert 39 * 40 <= contacts.count() <= 39 * 56
    assert Plan.objects.filter(neighbourhood__force=force).count() == 39 * 8
    per_team = Team.objects.filter(bcu__force=force).annotate(n=Count("events", distinct=True))
    assert all(85 <= t.n <= 105 for t in per_team)
    # Reviews: the first comes 20 to 120 days after the priority was set, so every priority
    # still open after 120 days has at least one.
    assert PriorityReview.objects.filter(priority__neighbourhood__force=force).count() > 0
    old = priorities.filter(status="open", date_set__lt=TODAY - dt.timedelta(days=120))
    assert old.exists()
    assert old.filter(reviews__isnull=True).count() == 0
    # A year of events and contacts, up to a month ahead for the next ward panel.
    assert not events.filter(start__date__lt=TODAY - dt.timedelta(days=364)).exists()
    assert not contacts.filter(received_at__date__gt=TODAY).exists()


def test_plans_obey_the_stage_rules():
    seed("--scale", "met", "--met-bcus", "2", "--met-days", "1")
    plans = Plan.objects.filter(neighbourhood__force__slug="metropolis").annotate(
        actions_n=Count("actions")
    )
    stages = set(plans.values_list("stage", flat=True))
    assert stages == {"scan", "analysis", "response", "assessment", "closed"}
    blank = Q(scan="")
    triangle_missing = Q(victim="") | Q(offender="") | Q(location="")
    beyond_scan = plans.exclude(stage="scan")
    assert not beyond_scan.filter(blank).exists()
    later = plans.filter(stage__in=["response", "assessment", "closed"])
    assert not later.filter(triangle_missing).exists()
    assert not plans.filter(stage__in=["assessment", "closed"], actions_n=0).exists()
    closed = plans.filter(stage="closed")
    assert closed.exists()
    assert not closed.filter(Q(assessment="") | Q(outcome="") | Q(closed_on__isnull=True)).exists()
    assert not closed.filter(closed_on__gt=TODAY).exists()
    # Open plans are not closed and have a review date.
    assert not plans.exclude(stage="closed").filter(closed_on__isnull=False).exists()
    assert not plans.exclude(stage="closed").filter(next_review_on__isnull=True).exists()
    # A closed priority's plan is closed.
    assert not plans.filter(priority__status="closed").exclude(stage="closed").exists()
