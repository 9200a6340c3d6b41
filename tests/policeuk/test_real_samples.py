"""Import the real data.police.uk samples in ../shared/fixtures/data-police-uk/ (read where
they are, never copied into the repository; skipped when the folder is absent)."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from policeuk.importer import PoliceUkImporter
from priorities.models import Priority
from teams.models import Force, Member, Neighbourhood
from tests.policeuk.sample import write_tree

SAMPLES = Path(settings.BASE_DIR).parent / "shared" / "fixtures" / "data-police-uk"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"{SAMPLES} is not there"),
]


def sample(name: str):
    return json.loads((SAMPLES / name).read_text(encoding="utf-8"))


@pytest.fixture
def layout(tmp_path) -> Path:
    """The single-object samples arranged as an import DIR (in a temporary folder)."""
    force = sample("police-force.json")  # Leicestershire
    slug = force["id"]
    files = {
        "forces.json": [sample("police-force-reference.json"), {"id": slug, "name": force["name"]}],
        f"forces/{slug}.json": force,
        f"{slug}/neighbourhoods.json": [
            sample("neighbourhood-reference.json"),  # NC04 City Centre
            {"id": "HTML1", "name": "x"},
            {"id": "POP1", "name": "x"},
            {"id": "EMPTY1", "name": "x"},
        ],
        f"{slug}/NC04.json": sample("neighbourhood.json"),
        f"{slug}/HTML1.json": {**sample("neighbourhood-html-in-name.json"), "id": "HTML1"},
        f"{slug}/POP1.json": {**sample("neighbourhood-invalid-population.json"), "id": "POP1"},
        f"{slug}/EMPTY1.json": {**sample("neighbourhood-empty-force-url.json"), "id": "EMPTY1"},
        f"{slug}/NC04/people.json": [
            sample("police-officer.json"),
            sample("police-officer-nulls.json"),
        ],
        f"{slug}/NC04/priorities.json": [
            sample("neighbourhood-priority.json"),
            sample("neighbourhood-priority-html.json"),
            sample("neighbourhood-priority-no-action.json"),
        ],
        f"{slug}/NC04/boundary.json": [
            sample("coordinate.json"),
            sample("coordinate-invalid.json"),
            {"latitude": "52.64", "longitude": "-1.13"},
            {"latitude": "52.65", "longitude": "-1.14"},
        ],
    }
    locations = sample("neighbourhood.json")
    locations["locations"] = [
        sample("neighbourhood-location.json"),
        sample("neighbourhood-location-null-type.json"),
        sample("neighbourhood-location-invalid-coordinates.json"),
    ]
    files[f"{slug}/NC04.json"] = locations
    return write_tree(tmp_path, files)


def test_real_samples_import_cleanly(layout):
    report = PoliceUkImporter(layout).run()
    leics = Force.objects.get(slug="leicestershire")
    assert leics.name == "Leicestershire Constabulary"
    assert leics.engagement_methods[4] == {
        "url": "",
        "description": "0116 222 2222",
        "title": "telephone",
    }
    assert Force.objects.filter(slug="avon-and-somerset").exists()

    centre = Neighbourhood.objects.get(force=leics, code="NC04")
    assert centre.population == 1000
    assert (centre.centre.y, centre.centre.x) == (52.6389, -1.13619)
    assert "<p>" not in centre.description
    assert centre.description.startswith("The Castle neighbourhood is a diverse")
    assert [loc["latitude"] for loc in centre.locations] == ["52.6389", "52.2253", None]
    assert centre.boundary is not None and centre.boundary.num_coords == 4  # 3 good + closing

    assert Neighbourhood.objects.get(force=leics, code="HTML1").name == "Leake & Keyworth"
    assert Neighbourhood.objects.get(force=leics, code="POP1").population is None
    assert Neighbourhood.objects.get(force=leics, code="EMPTY1").url_force == ""

    roger = Member.objects.get(force=leics, name="Roger Bannister")
    assert roger.rank == "Assistant Chief Officer (Crime)"
    assert roger.contact_details == {"twitter": "http://www.twitter.com/ACCCLeicsPolice"}
    dave = Member.objects.get(force=leics, name="Dave Smith")
    assert (dave.rank, dave.bio) == ("", "")

    priorities = Priority.objects.filter(neighbourhood=centre).order_by("date_set")
    assert [(str(p.date_set), p.status) for p in priorities] == [
        ("2015-10-08", "closed"),
        ("2016-04-14", "open"),  # action: null
        ("2018-09-20", "closed"),
    ]
    html = priorities.get(date_set="2018-09-20")
    assert "<p>" not in html.description and "<p>" not in html.reviews.get().text

    reasons = [why for _, why in report.skipped]
    assert "population 'A' is not a number: stored as unknown" in reasons
    assert "coordinate ('A', 'B') is not a number: left out" in reasons  # boundary point
    assert "coordinate ('B', 'A') is not a number: left out" in reasons  # location


def test_real_samples_rerun_changes_nothing(layout):
    PoliceUkImporter(layout).run()
    again = PoliceUkImporter(layout).run()
    assert {outcome for (_, outcome) in again.counts} == {"unchanged"}
