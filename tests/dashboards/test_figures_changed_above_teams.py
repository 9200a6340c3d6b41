"""Changes that a BCU's or force's figures see but no team's marker does (issue 13's two gaps):
a team moved to another BCU (the old BCU lost its hours), a neighbourhood moved to another BCU,
and a priority, meeting or contact in a neighbourhood that no team covers (a BCU's and a
force's neighbourhood figures count it: ``neighbourhood__bcu_id``, DESIGN.md 4). Each must make
the BCU (and force) count as changed since an earlier snapshot, so the dashboards compute it
live instead of serving the stale snapshot."""

from decimal import Decimal

import pytest
from django.utils import timezone

from dashboards import services
from dashboards.selectors import standard_periods
from teams.models import BCU, Force, Team
from teams.selectors import scopes_changed_since
from teams.services import team_figures_touch
from tests import factories as f

TODAY = timezone.localdate()
START, END = standard_periods(TODAY)["28d"]
ABSTRACTION = 0


@pytest.fixture
def settled(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        team_figures_touch()
    Team.objects.update(figures_changed_at=None)
    BCU.objects.update(figures_changed_at=None)
    Force.objects.update(figures_changed_at=None)
    return world


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def changed(level: str, scopes, since) -> set:
    return scopes_changed_since(level=level, scopes=[s.pk for s in scopes], computed_at=since)


def test_a_team_moved_to_another_bcu_changes_both_bcus(settled, committed):
    world = settled
    before = timezone.now()
    bravo = Team.objects.get(pk=world.bravo.pk)  # loaded as the admin loads it
    with committed():
        bravo.bcu = world.south
        bravo.save()
    assert changed("bcu", [world.north, world.south], before) == {world.north.pk, world.south.pk}
    assert changed("force", [world.force, world.other_force], before) == {world.force.pk}


def test_a_team_moved_to_another_force_changes_the_old_force(settled, committed):
    world = settled
    before = timezone.now()
    charlie = Team.objects.get(pk=world.charlie.pk)
    with committed():
        charlie.bcu = world.other_bcu
        charlie.save()
    assert changed("force", [world.force, world.other_force], before) == {
        world.force.pk,
        world.other_force.pk,
    }


def test_a_priority_where_no_team_works_changes_its_bcu_and_force(settled, committed):
    world = settled
    uncovered = f.NeighbourhoodFactory(bcu=world.south, code="C9", name="Coldham")
    BCU.objects.update(figures_changed_at=None)
    Force.objects.update(figures_changed_at=None)
    before = timezone.now()
    with committed():
        f.PriorityFactory(neighbourhood=uncovered)
    assert Team.objects.filter(figures_changed_at__isnull=False).count() == 0  # no team covers it
    assert changed("bcu", [world.north, world.south], before) == {world.south.pk}
    assert changed("force", [world.force, world.other_force], before) == {world.force.pk}


def test_a_contact_in_a_neighbourhood_without_a_bcu_changes_its_force(settled, committed):
    world = settled
    loose = f.NeighbourhoodFactory(force=world.force, bcu=None, code="Z1", name="Unassigned")
    Force.objects.update(figures_changed_at=None)
    before = timezone.now()
    with committed():
        f.PublicContactFactory(neighbourhood=loose)
    assert changed("bcu", [world.north, world.south], before) == set()
    assert changed("force", [world.force, world.other_force], before) == {world.force.pk}


def test_a_neighbourhood_moved_to_another_bcu_changes_both(settled, committed):
    world = settled
    before = timezone.now()
    hood = type(world.b1).objects.get(pk=world.b1.pk)
    with committed():
        hood.bcu = world.south
        hood.save()
    assert changed("bcu", [world.north, world.south], before) == {world.north.pk, world.south.pk}


def test_the_old_bcus_page_drops_a_moved_team_at_once(
    client_for, world, django_capture_on_commit_callbacks
):
    """North: Alpha 4 h response cover of 10 h, Bravo 1 h of 20 h; the snapshot's North total is
    5 / 30 = 16.7%. Bravo moves to South: North's total is Alpha's alone, 4 / 10 = 40.0%."""
    with django_capture_on_commit_callbacks(execute=True):
        for team, patrol, cover in ((world.alpha, 6, 4), (world.bravo, 19, 1)):
            member = f.PostingFactory(team=team, role="constable", start_date=START).member
            for hours, activity in ((patrol, "patrol"), (cover, "response_cover")):
                f.DutyRecordFactory(
                    member=member, team=team, date=END, hours=Decimal(hours), activity=activity
                )
    services.snapshot_nightly(today=TODAY)
    page = client_for("force_viewer")
    before = page.get(f"/dashboards/bcu/{world.north.pk}/")
    assert before.context["total"]["cells"][ABSTRACTION]["text"] == "16.7%"
    bravo = Team.objects.get(pk=world.bravo.pk)
    with django_capture_on_commit_callbacks(execute=True):
        bravo.bcu = world.south
        bravo.save()
    after = page.get(f"/dashboards/bcu/{world.north.pk}/")
    assert [row["name"] for row in after.context["rows"]] == ["Alpha NPT"]
    assert after.context["total"]["cells"][ABSTRACTION]["text"] == "40.0%"


def test_saving_a_row_loaded_before_a_mark_keeps_the_mark(settled, committed):
    """The admin loads the force, a write marks it, the admin saves a new name: the mark
    stays (``save`` never writes the marker back)."""
    world = settled
    loose = f.NeighbourhoodFactory(force=world.force, bcu=None, code="Z2", name="Unassigned")
    form_copy = Force.objects.get(pk=world.force.pk)
    with committed():
        f.PriorityFactory(neighbourhood=loose)
    mark = Force.objects.get(pk=world.force.pk).figures_changed_at
    assert mark is not None
    form_copy.name = "Testshire Constabulary"
    form_copy.save()
    saved = Force.objects.get(pk=world.force.pk)
    assert (saved.name, saved.figures_changed_at) == ("Testshire Constabulary", mark)
