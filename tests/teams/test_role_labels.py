"""Role names as people write them (issue 13): "PCSO", never the "Pcso" that capitalising
the code "pcso" gives."""

import datetime as dt

import pytest
from django.utils import timezone

from teams.templatetags.teams_labels import posting_role
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_posting_role_labels():
    assert posting_role("pcso") == "PCSO"
    assert posting_role("special") == "Special constable"
    assert posting_role("unposted") == "Unposted"


def test_team_dashboard_says_pcso(client_for, world):
    brown = f.MemberFactory(force=world.force, name="PCSO Brown")
    f.PostingFactory(member=brown, team=world.alpha, role="pcso", start_date=dt.date(2024, 1, 1))
    f.DutyRecordFactory(
        member=brown, team=world.alpha, date=timezone.localdate() - dt.timedelta(days=3)
    )
    page = client_for("sergeant").get(f"/dashboards/team/{world.alpha.pk}/").content.decode()
    assert "PCSO Brown" in page
    assert ">PCSO<" in page and "Pcso" not in page
