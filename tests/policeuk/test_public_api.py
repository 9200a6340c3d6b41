"""The public data.police.uk-compatible endpoints: exact field names, shapes and values."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.contrib.gis.geos import Point
from django.utils import timezone

from tests import factories as f

pytestmark = pytest.mark.django_db
BASE = "/api/police-uk"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")


def get(client, path):
    return client.get(BASE + path)


def test_forces_list_and_detail(client, world):
    world.force.description = "Serving Testshire."
    world.force.url = "https://testshire.police.uk/"
    world.force.telephone = "101"
    world.force.engagement_methods = [
        {"url": "https://x.example/testshire", "description": "Follow us", "title": "X"},
        {"url": "", "description": "0116 222 2222", "title": "telephone"},
    ]
    world.force.save()

    response = get(client, "/forces")
    assert response.status_code == 200
    # Sorted by name: "Otherforce Police" < "Testshire Police".
    assert response.json() == [
        {"id": "otherforce", "name": "Otherforce Police"},
        {"id": "testshire", "name": "Testshire Police"},
    ]

    response = get(client, "/forces/testshire")
    assert response.status_code == 200
    assert response.json() == {
        "id": "testshire",
        "name": "Testshire Police",
        "description": "Serving Testshire.",
        "url": "https://testshire.police.uk/",
        "telephone": "101",
        "engagement_methods": [
            {"url": "https://x.example/testshire", "description": "Follow us", "title": "X"},
            # The empty url is null, never "".
            {"url": None, "description": "0116 222 2222", "title": "telephone"},
        ],
    }


def test_empty_force_fields_are_null(client, world):
    assert get(client, "/forces/otherforce").json() == {
        "id": "otherforce",
        "name": "Otherforce Police",
        "description": None,
        "url": None,
        "telephone": None,
        "engagement_methods": [],
    }


def test_neighbourhoods_list(client, world):
    response = get(client, "/testshire/neighbourhoods")
    assert response.status_code == 200
    # By name: Abbey, Arbury, Barnwell, Cherry Hinton; Otherforce's "Elsewhere" is not here.
    assert response.json() == [
        {"id": "A1", "name": "Abbey"},
        {"id": "A2", "name": "Arbury"},
        {"id": "B1", "name": "Barnwell"},
        {"id": "C1", "name": "Cherry Hinton"},
    ]


def test_neighbourhood_detail_has_every_key_with_strings_and_nulls(client, world):
    a1 = world.a1
    a1.population = 12500
    a1.centre = Point(-1.13619, 52.6389, srid=4326)
    a1.description = "The city centre."
    a1.email = "abbey.npt@testshire.police.uk"
    a1.telephone = "101"
    a1.links = [{"url": "https://council.example/", "description": "", "title": "Council"}]
    a1.locations = [
        {
            "name": "Abbey Police Station",
            "type": "station",
            "description": "",
            "address": "1 High St",
            "postcode": "TS1 1AA",
            "latitude": None,
            "longitude": None,
        }
    ]
    a1.save()
    response = get(client, "/testshire/A1")
    assert response.status_code == 200
    assert response.json() == {
        "id": "A1",
        "name": "Abbey",
        "description": "The city centre.",
        "url_force": None,
        "welcome_message": None,
        "population": "12500",
        "contact_details": {"email": "abbey.npt@testshire.police.uk", "telephone": "101"},
        "centre": {"latitude": "52.6389", "longitude": "-1.13619"},
        "links": [{"url": "https://council.example/", "description": None, "title": "Council"}],
        "locations": [
            {
                "name": "Abbey Police Station",
                "type": "station",
                "description": None,
                "address": "1 High St",
                "postcode": "TS1 1AA",
                "latitude": None,
                "longitude": None,
            }
        ],
    }


def test_unknown_population_and_centre_are_null(client, world):
    world.a2.population = None
    world.a2.centre = None
    world.a2.save()
    body = get(client, "/testshire/A2").json()
    assert body["population"] is None
    assert body["centre"] == {"latitude": None, "longitude": None}
    assert body["contact_details"] == {}


def test_boundary_is_a_list_of_string_points(client, world):
    # A square with its south-west corner at (lng -1.0, lat 52.0), 0.01 degrees a side.
    world.a1.boundary = f.square(-1.0, 52.0)
    world.a1.save()
    response = get(client, "/testshire/A1/boundary")
    assert response.status_code == 200
    assert response.json() == [
        {"latitude": "52.0", "longitude": "-1.0"},
        {"latitude": "52.0", "longitude": "-0.99"},
        {"latitude": "52.01", "longitude": "-0.99"},
        {"latitude": "52.01", "longitude": "-1.0"},
        {"latitude": "52.0", "longitude": "-1.0"},
    ]


def test_boundary_empty_when_none(client, world):
    world.b1.boundary = None
    world.b1.save()
    assert get(client, "/testshire/B1/boundary").json() == []


def test_people_are_the_current_team_of_the_neighbourhood(client, world):
    today = timezone.localdate()
    current = f.MemberFactory(
        force=world.force,
        name="PC Ada Lovelace",
        rank="PC",
        bio="Ada walks the Abbey beat.",
        contact_details={"email": "ada@testshire.police.uk", "fax": ""},
    )
    f.PostingFactory(member=current, team=world.alpha, start_date=today - dt.timedelta(days=30))
    left = f.MemberFactory(force=world.force, name="PC Gone")
    f.PostingFactory(
        member=left,
        team=world.alpha,
        start_date=today - dt.timedelta(days=400),
        end_date=today - dt.timedelta(days=1),
    )
    elsewhere = f.MemberFactory(force=world.force, name="PC Bravo")
    f.PostingFactory(member=elsewhere, team=world.bravo, start_date=today)
    nameless = f.MemberFactory(force=world.force, name="Sgt Null")
    f.PostingFactory(member=nameless, team=world.alpha, role="sergeant", start_date=today)

    response = get(client, "/testshire/A1/people")
    assert response.status_code == 200
    assert response.json() == [
        {
            "name": "PC Ada Lovelace",
            "rank": "PC",
            "bio": "Ada walks the Abbey beat.",
            "contact_details": {"email": "ada@testshire.police.uk"},
        },
        {"name": "Sgt Null", "rank": None, "bio": None, "contact_details": {}},
    ]


def test_events_public_only_upcoming_first_with_naive_local_dates(client, world):
    now = timezone.now()
    london = timezone.get_current_timezone()
    soon = dt.datetime(2099, 7, 1, 19, 0, tzinfo=london)  # BST: 18:00 UTC
    later = dt.datetime(2099, 12, 1, 19, 0, tzinfo=london)  # GMT
    past = now - dt.timedelta(days=10)
    older = now - dt.timedelta(days=40)
    f.EventFactory(neighbourhood=world.a1, title="Later", start=later, end=None)
    f.EventFactory(
        neighbourhood=world.a1,
        title="Soon",
        start=soon,
        end=soon + dt.timedelta(hours=2),
        description="Come along.",
        minutes="Secret minutes",
    )
    f.EventFactory(neighbourhood=world.a1, title="Past", start=past, end=None)
    f.EventFactory(neighbourhood=world.a1, title="Older", start=older, end=None)
    f.EventFactory(neighbourhood=world.a1, title="Private", start=soon, public=False)
    f.EventFactory(neighbourhood=world.a2, title="Elsewhere", start=soon)

    body = get(client, "/testshire/A1/events").json()
    assert [e["title"] for e in body] == ["Soon", "Later", "Past", "Older"]
    assert body[0] == {
        "title": "Soon",
        "description": "Come along.",
        "address": "Community Centre, High Street",
        "type": "pact_meeting",
        "start_date": "2099-07-01T19:00:00",
        "end_date": "2099-07-01T21:00:00",
        "contact_details": {},
    }
    assert body[1]["start_date"] == "2099-12-01T19:00:00"
    assert body[1]["end_date"] is None
    assert all(DATE_RE.match(e["start_date"]) for e in body)
    assert b"Secret minutes" not in get(client, "/testshire/A1/events").content


def test_priorities_public_with_latest_public_action(client, world):
    dealt = f.PriorityFactory(
        neighbourhood=world.a1,
        title="Museum Square drinking",
        description="Street drinking in Museum Square, evenings.",
        date_set=dt.date(2025, 1, 8),
    )
    f.PriorityReviewFactory(priority=dealt, date=dt.date(2025, 2, 1), text="Patrols started.")
    f.PriorityReviewFactory(
        priority=dealt, date=dt.date(2025, 3, 22), kind="feedback", text="Much quieter now."
    )
    f.PriorityReviewFactory(
        priority=dealt, date=dt.date(2025, 4, 1), text="Internal note", public=False
    )
    f.PriorityFactory(
        neighbourhood=world.a1,
        title="Speeding on Mill Road",
        description="Speeding on Mill Road",
        date_set=dt.date(2025, 5, 1),
    )
    f.PriorityFactory(neighbourhood=world.a1, title="Hidden", public=False)
    f.PriorityFactory(neighbourhood=world.a2, title="Other place")

    body = get(client, "/testshire/A1/priorities").json()
    # Latest issue-date first.
    assert body == [
        {
            # The detail repeats the title: said once.
            "issue": "Speeding on Mill Road",
            "issue-date": "2025-05-01T00:00:00",
            "action": None,
            "action-date": None,
        },
        {
            # issue = title and detail.
            "issue": "Museum Square drinking: Street drinking in Museum Square, evenings.",
            "issue-date": "2025-01-08T00:00:00",
            # The latest *public* review (22 March), not the private one of 1 April.
            "action": "Much quieter now.",
            "action-date": "2025-03-22T00:00:00",
        },
    ]


def test_locate_neighbourhood(client, world):
    # A1's square spans lng -1.0..-0.99, lat 52.0..52.01; the other squares lie elsewhere.
    for index, n in enumerate([world.a1, world.a2, world.b1, world.c1, world.other_neighbourhood]):
        n.boundary = f.square(-1.0 + index * 0.02, 52.0)
        n.save()
    response = get(client, "/locate-neighbourhood?q=52.005,-0.995")
    assert response.status_code == 200
    assert response.json() == {"force": "testshire", "neighbourhood": "A1"}

    outside = get(client, "/locate-neighbourhood?q=10.0,10.0")
    assert outside.status_code == 404
    assert outside.json()["error"]["status"] == 404


@pytest.mark.parametrize("q", ["", "52.0", "52.0,-1.0,3", "north,west", "nan,1", "91,0", "0,181"])
def test_locate_rejects_malformed_q(client, world, q):
    response = get(client, f"/locate-neighbourhood?q={q}")
    assert response.status_code == 400
    assert "q" in response.json()["error"]["fields"]


@pytest.mark.parametrize(
    "path",
    [
        "/forces/nowhere",
        "/nowhere/neighbourhoods",
        "/testshire/ZZ9",
        "/testshire/ZZ9/boundary",
        "/testshire/ZZ9/people",
        "/testshire/ZZ9/events",
        "/testshire/ZZ9/priorities",
        "/otherforce/A1",  # codes are unique only within a force
    ],
)
def test_unknown_force_or_neighbourhood_is_404(client, world, path):
    response = get(client, path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_public_api_never_shows_restricted_data(client, world, personas):
    f.KeyIndividualFactory(neighbourhood=world.a1, name="Kim Keyholder", note="KIN note")
    f.PublicContactFactory(neighbourhood=world.a1, note="Contact note", summary="Sensitive")
    member = f.MemberFactory(force=world.force, name="PC Duty")
    f.PostingFactory(member=member, team=world.alpha, start_date=timezone.localdate())
    f.DutyRecordFactory(member=member, team=world.alpha, note="Duty note", hours=Decimal("8"))
    bodies = b"".join(
        get(client, path).content
        for path in [
            "/testshire/A1",
            "/testshire/A1/people",
            "/testshire/A1/events",
            "/testshire/A1/priorities",
        ]
    )
    for secret in [b"Kim Keyholder", b"KIN note", b"Contact note", b"Sensitive", b"Duty note"]:
        assert secret not in bodies


def test_trailing_slash_is_not_the_format(client, world):
    assert get(client, "/forces/").status_code == 404
