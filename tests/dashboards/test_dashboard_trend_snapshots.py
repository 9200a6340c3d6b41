"""BCU and force dashboards read the 12-week trend the snapshot job stored (issue 14): a
fixed, small query count whatever the number of teams or BCUs, and the live trend when no
fresh stored trend exists."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboards import services
from dashboards.models import TrendSnapshot
from dashboards.selectors import dashboard_trends, standard_periods, trends
from tests import factories as f


@pytest.fixture
def duty(world):
    """Last week Alpha logs 6 h patrol and 2 h response cover (25% abstracted)."""
    _start, end = standard_periods()["28d"]
    member = f.PostingFactory(team=world.alpha, role="constable", start_date=end).member
    for hours, activity in ((6, "patrol"), (2, "response_cover")):
        f.DutyRecordFactory(
            member=member, team=world.alpha, date=end, hours=Decimal(hours), activity=activity
        )
    return end


def test_force_dashboard_reads_only_snapshots(client_for, world, duty, django_assert_num_queries):
    services.snapshot_nightly(today=timezone.localdate())
    client = client_for("force_admin")
    # 2 session and user, 1 force in scope, BCU table 3 (scopes, snapshots, change markers),
    # the force total 3 (plan quality is one of the snapshot's figures), the stored trend 1
    # (its change marker is the one the total read). 2 + 1 + 3 + 3 + 1 = 10.
    with django_assert_num_queries(10):
        response = client.get(f"/dashboards/force/{world.force.id}/")
    assert response.context["source"] == "snapshot"
    # The force's last week: 2 of 8 hours abstracted.
    assert response.context["weeks"][-1]["abstraction"]["rate"] == 0.25
    # More BCUs and teams: the same count.
    for _ in range(3):
        f.TeamFactory(bcu=f.BCUFactory(force=world.force))
    services.snapshot_nightly(today=timezone.localdate())
    with django_assert_num_queries(10):
        response = client.get(f"/dashboards/force/{world.force.id}/")
    assert len(response.context["rows"]) == 5


def test_trend_falls_back_to_live_without_a_fresh_snapshot(world, duty):
    ids = [world.alpha.id, world.bravo.id]
    services.snapshot_nightly(today=timezone.localdate())
    stored = dashboard_trends(level="team", scope_ids=ids, end=duty)
    assert stored == trends(level="team", ids=ids, end=duty)
    assert stored[world.alpha.id][-1]["abstraction"]["abstracted_hours"] == 2.0
    # Computed yesterday: not fresh; and Bravo's is missing: both computed live, and new duty
    # logged since shows.
    TrendSnapshot.objects.update(computed_at=timezone.now() - dt.timedelta(days=1))
    TrendSnapshot.objects.filter(scope_id=world.bravo.id).delete()
    member = f.PostingFactory(team=world.alpha, role="constable", start_date=duty).member
    f.DutyRecordFactory(
        member=member, team=world.alpha, date=duty, hours=Decimal(8), activity="custody_cover"
    )
    live = dashboard_trends(level="team", scope_ids=ids, end=duty)
    assert live[world.alpha.id][-1]["abstraction"]["abstracted_hours"] == 10.0
    assert set(live) == set(ids)


def test_page_trend_is_live_when_only_the_trend_is_stale(
    client_for, world, duty, django_assert_num_queries
):
    services.snapshot_nightly(today=timezone.localdate())
    TrendSnapshot.objects.all().delete()
    client = client_for("bcu_commander")
    # The table and total from snapshots (2 + 1 + 3 + 3 = 9), the trend looked up (1, none
    # found: no change check) and computed live (3): 13.
    with django_assert_num_queries(13):
        response = client.get(f"/dashboards/bcu/{world.north.id}/")
    assert response.context["source"] == "snapshot"
    assert response.context["weeks"][-1]["abstraction"]["rate"] == 0.25
