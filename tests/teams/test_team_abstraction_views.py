"""The week's abstraction rate beside the duty grid, from dashboards.selectors."""

import datetime as dt
from decimal import Decimal

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


def url(world, start="2025-03-03", end="2025-03-09"):
    return f"/team/{world.alpha.pk}/abstraction/?start={start}&end={end}"


@pytest.mark.parametrize(
    "leave_is_dedicated,rate,working,reading",
    [
        # Duty time only: working 16 + 23.5 = 39.5, abstracted 16, 16 / 39.5 = 0.4051.
        (False, ">40.5%<", "39.5", "Rest days and annual leave are left out"),
        # The seed's reading: the rest day is dedicated, 47.5 working, 16 / 47.5 = 0.3368.
        (True, ">33.7%<", "47.5", "Rest days and annual leave count as dedicated time"),
    ],
)
def test_design_worked_example(client_for, world, leave_is_dedicated, rate, working, reading):
    """DESIGN.md 4.1: PC A 8 h patrol, 8 h response cover, 8 h rest day, 4 h custody cover on
    paid overtime; PCSO B 8 h engagement, 8 h sickness, 7.5 h NP-related; above the 20% limit
    in both readings: red."""
    world.force.leave_is_dedicated = leave_is_dedicated
    world.force.save()
    a = f.MemberFactory(force=world.force)
    b = f.MemberFactory(force=world.force)
    day = dt.date(2025, 3, 4)
    for member, activity, hours, ot in [
        (a, "patrol", "8", False),
        (a, "response_cover", "8", False),
        (a, "rest_day", "8", False),
        (a, "custody_cover", "4", True),
        (b, "engagement", "8", False),
        (b, "sickness", "8", False),
        (b, "np_related", "7.5", False),
    ]:
        f.DutyRecordFactory(
            member=member,
            team=world.alpha,
            date=day,
            activity=activity,
            hours=Decimal(hours),
            paid_overtime=ot,
        )
    response = client_for("sergeant").get(url(world), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body  # an htmx fragment
    assert rate in body
    assert working in body and ">16<" in body
    assert reading in body
    assert "Red" in body


def test_without_htmx_it_is_a_whole_page(client_for, world):
    response = client_for("sergeant").get(url(world))
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert "No working hours recorded" in response.content.decode()


@pytest.mark.parametrize(
    "persona,status",
    [("officer", 200), ("bcu_commander", 200), ("other_sergeant", 404), ("partner", 404)],
)
def test_scope(client_for, world, persona, status):
    assert client_for(persona).get(url(world)).status_code == status


@pytest.mark.parametrize(
    "start,end", [("2025-03-09", "2025-03-03"), ("yesterday", "2025-03-09"), ("", "")]
)
def test_bad_dates_are_400(client_for, world, start, end):
    assert client_for("sergeant").get(url(world, start, end)).status_code == 400
