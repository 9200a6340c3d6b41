"""Dashboard usability fixes of issue 13: only roles that may write may press "recompute now"
(the force viewer could), and no empty "None." row on the one-team table.
Recomputing writes snapshots; force viewers and inspectors read the dashboards only."""

import pytest

from dashboards.models import RecomputeJob

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["force_viewer", "inspector"])
def test_read_only_roles_see_no_button_and_are_refused(client_for, world, persona):
    client = client_for(persona)
    page = client.get(f"/dashboards/force/{world.force.pk}/").content.decode()
    assert "/recompute/" not in page
    response = client.post(f"/dashboards/force/{world.force.pk}/recompute/")
    assert response.status_code == 403
    assert not RecomputeJob.objects.exists()


def test_the_force_admin_has_the_button(client_for, world):
    page = client_for("force_admin").get(f"/dashboards/force/{world.force.pk}/").content.decode()
    assert f"/dashboards/force/{world.force.pk}/recompute/" in page


def test_the_bcu_commander_has_the_button_on_its_bcu(client_for, world):
    page = client_for("bcu_commander").get(f"/dashboards/bcu/{world.north.pk}/").content.decode()
    assert f"/dashboards/bcu/{world.north.pk}/recompute/" in page


def test_the_team_dashboard_has_no_empty_none_row(client_for, world):
    # Issue 13: the one-team table showed a "None." row above the team's figures in its footer.
    page = client_for("sergeant").get(f"/dashboards/team/{world.alpha.pk}/").content.decode()
    assert ">None.</td>" not in page
    assert "Alpha NPT" in page
