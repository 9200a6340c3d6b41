"""The dashboards show the average plan quality (DESIGN.md section 3's eight checks) per team
and BCU, so a supervisor sees which plans to coach."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_bcu_and_force_pages_show_average_quality(client_for, world, personas):
    # Alpha: a plan with nothing (0) and one with an owner and objectives (1): average 0.5.
    f.PlanFactory(neighbourhood=world.a1, scan="")
    f.PlanFactory(
        neighbourhood=world.a2, scan="", owner=personas["sergeant"], objectives="Halve calls"
    )
    # Charlie (South): owner, objectives, risk and impact written: 2.
    f.PlanFactory(
        neighbourhood=world.c1,
        scan="",
        owner=personas["sergeant"],
        objectives="No repeat for 8 weeks",
        risk_assessment="Lone working",
        community_impact="Shops losing trade",
    )
    response = client_for("bcu_commander").get(f"/dashboards/bcu/{world.north.id}/")
    assert response.context["headers"][-1]["text"] == "Plan quality (average of 8)"
    alpha, bravo = response.context["rows"]
    assert alpha["cells"][-1]["text"] == "0.5 (2 plans)"
    assert bravo["cells"][-1]["text"] == "No plans"
    assert response.context["total"]["cells"][-1]["text"] == "0.5 (2 plans)"
    response = client_for("force_viewer").get(f"/dashboards/force/{world.force.id}/")
    north, south = response.context["rows"]
    assert north["cells"][-1]["text"] == "0.5 (2 plans)"
    assert south["cells"][-1]["text"] == "2.0 (1 plan)"
    # Force: (0 + 1 + 2) / 3 = 1.0.
    assert response.context["total"]["cells"][-1]["text"] == "1.0 (3 plans)"
