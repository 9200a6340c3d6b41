"""import_police_uk: what it stores, that a rerun changes nothing, and the format's quirks."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from engagement.models import Event
from policeuk.importer import PoliceUkImporter, role_from_rank, staff_number_for
from priorities.models import Priority
from teams.models import Force, Member, Neighbourhood, Posting
from tests.policeuk.sample import CANONICAL, write_tree

pytestmark = pytest.mark.django_db


def run(root) -> str:
    out = StringIO()
    call_command("import_police_uk", str(root), stdout=out)
    return out.getvalue()


def test_import_stores_everything(tmp_path):
    output = run(write_tree(tmp_path, CANONICAL))
    force = Force.objects.get(slug="northshire")
    assert force.name == "Northshire Police"
    assert force.url == "https://www.northshire.police.uk/"
    ns01 = Neighbourhood.objects.get(force=force, code="NS01")
    assert ns01.population == 4200
    assert (ns01.centre.y, ns01.centre.x) == (52.6389, -1.13619)
    # The boundary: a 0.01 x 0.01 degree square.
    assert ns01.boundary.num_coords == 5
    assert round(ns01.boundary.area, 6) == 0.0001
    assert Neighbourhood.objects.get(force=force, code="NS02").population is None

    # People become Members of the force, posted to a team covering the neighbourhood.
    sam = Member.objects.get(force=force, name="PC Sam Patel")
    assert sam.staff_number == staff_number_for("PC Sam Patel", "PC")
    assert sam.contact_details == {"twitter": "https://social.example/sampatel"}
    postings = Posting.objects.filter(team__neighbourhoods=ns01).order_by("member__name")
    assert [(p.member.name, p.role, p.start_date) for p in postings] == [
        ("PC Sam Patel", "constable", timezone.localdate()),
        ("Sgt Jo Reed", "sergeant", timezone.localdate()),
    ]

    # Events: naive local times become aware; 19:00 London in March (GMT) is 19:00 UTC.
    meeting = Event.objects.get(neighbourhood=ns01, title="Beat meeting")
    assert meeting.kind == "pact_meeting" and meeting.public
    assert meeting.start == dt.datetime(2099, 3, 4, 19, 0, tzinfo=dt.UTC)

    # Priorities keep issue-date as date_set; one with an action is closed on its date.
    dealing = Priority.objects.get(neighbourhood=ns01, date_set=dt.date(2024, 11, 10))
    assert dealing.description == "Drug dealing in the park near the play area."
    assert dealing.title == dealing.description
    assert (dealing.status, dealing.closed_on) == ("closed", dt.date(2025, 1, 15))
    assert dealing.reviews.get().text == "Two arrests; the park is now patrolled daily."
    parking = Priority.objects.get(neighbourhood=ns01, date_set=dt.date(2025, 4, 2))
    assert parking.status == "open" and not parking.reviews.exists()

    assert "northshire: 2/2 neighbourhoods" in output  # progress
    assert "skipped: 0" in output


def test_rerun_changes_nothing(tmp_path):
    root = write_tree(tmp_path, CANONICAL)
    run(root)
    stamps = {
        model.__name__: sorted(model.objects.values_list("pk", "updated_at"))
        for model in (Force, Neighbourhood, Member, Posting, Event, Priority)
    }
    report = PoliceUkImporter(root).run()
    assert {outcome for (_, outcome) in report.counts} == {"unchanged"}
    assert report.skipped == []
    for model in (Force, Neighbourhood, Member, Posting, Event, Priority):
        assert sorted(model.objects.values_list("pk", "updated_at")) == stamps[model.__name__]


QUIRKS = {
    "forces.json": [{"id": "leafshire", "name": "Leafshire &amp; District Police"}],
    "leafshire/neighbourhoods.json": [
        {"id": "L1", "name": "Leake &amp; Keyworth"},
        {"id": "L2", "name": "Broken"},
    ],
    "leafshire/L1.json": {
        "id": "L1",
        "name": "Leake &amp; Keyworth",
        "description": "<p>Villages &amp; farms.</p>\n<p>Second <b>para</b>.</p>",
        "url_force": "",
        "population": "A",
        "contact_details": {"email": "not an email", "twitter": "https://x.example/l1"},
        "centre": {"latitude": "B", "longitude": "A"},
        "links": [{"url": "https://council.example/", "description": None, "title": "Council"}],
        "locations": [
            {"name": "Station", "type": None, "latitude": None, "longitude": None},
            {"name": "Kiosk", "type": "station", "latitude": "aaa", "longitude": "aaa"},
        ],
    },
    "leafshire/L1/boundary.json": [
        {"latitude": "52.0", "longitude": "-1.0"},
        {"latitude": "52.0", "longitude": "-0.9"},
        {"latitude": "north", "longitude": "-0.9"},
        {"latitude": "52.1", "longitude": "-0.9"},
        {"latitude": "52.1", "longitude": "-1.0"},
    ],
    "leafshire/L1/people.json": [
        {"name": "Dave Smith", "rank": None, "bio": None, "contact_details": {}},
        {"name": "", "rank": "PC"},
    ],
    "leafshire/L1/events.json": [
        {"title": "Meeting", "type": "Meeting", "start_date": "next Tuesday"},
        {"title": "Surgery", "type": "Police surgery", "start_date": "2099-01-02T10:00:00"},
    ],
    "leafshire/L1/priorities.json": [
        {
            "issue": "<p>Begging &amp; rough sleeping near the shops.</p>",
            "issue-date": "2018-09-20T00:00:00",
            "action": "<p>Referrals made to housing.</p>",
            "action-date": "2019-01-14T00:00:00",
        },
        {
            "issue": "To reduce ASB on Humberstone Gate.",
            "issue-date": "2016-04-14T00:00:00",
            "action": None,
            "action-date": None,
        },
        {"issue": "", "issue-date": "2016-04-14T00:00:00"},
    ],
    "leafshire/L2.json": "{not json",
}


def test_quirks_are_cleaned_or_reported(tmp_path):
    report = PoliceUkImporter(write_tree(tmp_path, QUIRKS)).run()
    force = Force.objects.get(slug="leafshire")
    assert force.name == "Leafshire & District Police"
    l1 = Neighbourhood.objects.get(force=force, code="L1")
    assert l1.name == "Leake & Keyworth"
    assert l1.description == "Villages & farms.\n\nSecond para."
    assert l1.population is None  # "A"
    assert l1.centre is None  # ("B", "A")
    assert l1.email == ""
    assert [(loc["name"], loc["latitude"]) for loc in l1.locations] == [
        ("Station", None),
        ("Kiosk", None),
    ]
    # The bad boundary point is left out; the other four make a closed ring of five.
    assert l1.boundary.num_coords == 5
    # "Broken" has only an unreadable detail file: it is made from the list, nothing more.
    assert Neighbourhood.objects.get(force=force, code="L2").name == "Broken"

    dave = Member.objects.get(force=force, name="Dave Smith")
    assert (dave.rank, dave.bio) == ("", "")
    assert Posting.objects.get(member=dave).role == "constable"
    surgery = Event.objects.get(title="Surgery")
    assert surgery.kind == "surgery"
    begging = Priority.objects.get(neighbourhood=l1, date_set=dt.date(2018, 9, 20))
    assert begging.description == "Begging & rough sleeping near the shops."
    assert begging.reviews.get().text == "Referrals made to housing."
    asb = Priority.objects.get(neighbourhood=l1, date_set=dt.date(2016, 4, 14))
    assert asb.status == "open"

    reasons = "\n".join(f"{where}: {why}" for where, why in report.skipped)
    for expected in [
        "leafshire/L1: population 'A' is not a number: stored as unknown",
        "leafshire/L1: centre coordinate ('B', 'A') is not a number: left out",
        "leafshire/L1 locations[1]: coordinate ('aaa', 'aaa') is not a number: left out",
        "leafshire/L1/boundary.json[2]: coordinate ('north', '-0.9') is not a number: left out",
        "leafshire/L1: email 'not an email' left out",
        "leafshire/L1: contact details not stored (no field yet): twitter",
        "leafshire/L1/people.json[1]: no name",
        "leafshire/L1/events.json[0]: date 'next Tuesday' is not YYYY-MM-DDTHH:MM:SS",
        "leafshire/L1/priorities.json[2]: no issue or no issue-date",
        "leafshire/L2.json: not valid JSON",
    ]:
        assert expected in reasons
    assert len(report.skipped) == 10


def test_missing_files_are_skipped(tmp_path):
    report = PoliceUkImporter(write_tree(tmp_path, {"forces.json": [{"id": "bare"}]})).run()
    assert Force.objects.get(slug="bare").name == "bare"
    assert report.skipped == []


def test_directory_must_exist(tmp_path):
    with pytest.raises(CommandError, match="is not a directory"):
        call_command("import_police_uk", str(tmp_path / "nope"))


@pytest.mark.parametrize(
    "rank, role",
    [
        ("PC", "constable"),
        ("PCSO", "pcso"),
        ("Police Community Support Officer", "pcso"),
        ("Sgt", "sergeant"),
        ("Police Sergeant", "sergeant"),
        ("Inspector", "inspector"),
        ("Assistant Chief Officer (Crime)", "inspector"),
        ("Special Constable", "special"),
        ("", "constable"),
    ],
)
def test_role_from_rank(rank, role):
    assert role_from_rank(rank) == role
