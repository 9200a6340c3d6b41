"""The public neighbourhood page's "Your team" and police.uk's ``/{force}/{code}/people`` list
the same people (they used to disagree: the page left out inspectors and specials, the API
listed volunteers)."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db


def test_page_and_police_uk_list_the_same_people(client, world, settings):
    settings.POLICE_UK_CACHE_SECONDS = 0
    today = timezone.localdate()
    world.bravo.neighbourhoods.add(world.a1)  # two teams cover A1
    people = [
        ("Insp Ian Hale", world.alpha, "inspector", None),
        ("Sgt Sue Bell", world.alpha, "sergeant", None),
        ("PC Last Day", world.alpha, "constable", today),
        ("PCSO Pat Doe", world.bravo, "pcso", None),
        ("SC Sam Roe", world.alpha, "special", None),
        ("Vol Val Coe", world.alpha, "volunteer", None),
        ("PC Gone Yesterday", world.alpha, "constable", today - dt.timedelta(days=1)),
        ("PC Cherry", world.charlie, "constable", None),
    ]
    for name, team, role, end in people:
        f.PostingFactory(
            member=f.MemberFactory(force=world.force, name=name),
            team=team,
            role=role,
            start_date=dt.date(2024, 1, 1),
            end_date=end,
        )
    expected = ["Insp Ian Hale", "PC Last Day", "PCSO Pat Doe", "SC Sam Roe", "Sgt Sue Bell"]

    page = client.get("/n/testshire/A1/")
    assert [person["name"] for person in page.context["people"]] == expected
    assert [person["role"] for person in page.context["people"]] == [
        "Inspector",
        "Constable",
        "PCSO",
        "Special constable",
        "Sergeant",
    ]
    api = client.get("/api/police-uk/testshire/A1/people")
    assert [person["name"] for person in api.json()] == expected
