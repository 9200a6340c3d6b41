"""A small data set in the data.police.uk layout, written by the tests (our own data).

``CANONICAL`` is exactly what ``export_police_uk`` writes for it after an import, so it also
serves the round-trip test.
"""

import json
from pathlib import Path

CANONICAL: dict[str, object] = {
    "forces.json": [{"id": "northshire", "name": "Northshire Police"}],
    "forces/northshire.json": {
        "id": "northshire",
        "name": "Northshire Police",
        "description": "Policing Northshire.",
        "url": "https://www.northshire.police.uk/",
        "telephone": "101",
        "engagement_methods": [
            {
                "url": "https://social.example/northshire",
                "description": "Follow us",
                "title": "Social",
            }
        ],
    },
    "northshire/neighbourhoods.json": [
        {"id": "NS01", "name": "Market Square"},
        {"id": "NS02", "name": "Riverside"},
    ],
    "northshire/NS01.json": {
        "id": "NS01",
        "name": "Market Square",
        "description": "The town centre and the market.",
        "url_force": "https://www.northshire.police.uk/market-square",
        "welcome_message": "Welcome to the Market Square team.",
        "population": "4200",
        "contact_details": {"email": "market.npt@northshire.police.uk", "telephone": "101"},
        "centre": {"latitude": "52.6389", "longitude": "-1.13619"},
        "links": [
            {"url": "https://council.example/", "description": None, "title": "Town council"}
        ],
        "locations": [
            {
                "name": "Market Police Office",
                "type": "station",
                "description": None,
                "address": "1 Market Place",
                "postcode": "NS1 1AA",
                "latitude": "52.634",
                "longitude": "-1.131",
            }
        ],
    },
    "northshire/NS01/boundary.json": [
        {"latitude": "52.63", "longitude": "-1.14"},
        {"latitude": "52.63", "longitude": "-1.13"},
        {"latitude": "52.64", "longitude": "-1.13"},
        {"latitude": "52.64", "longitude": "-1.14"},
        {"latitude": "52.63", "longitude": "-1.14"},
    ],
    "northshire/NS01/people.json": [
        {
            "name": "PC Sam Patel",
            "rank": "PC",
            "bio": "Sam has worked in Market Square since 2019.",
            "contact_details": {"twitter": "https://social.example/sampatel"},
        },
        {"name": "Sgt Jo Reed", "rank": "Sergeant", "bio": None, "contact_details": {}},
    ],
    "northshire/NS01/events.json": [
        {
            "title": "Beat meeting",
            "description": "Monthly meeting with the team.",
            "address": "Market Hall",
            "type": "pact_meeting",
            "start_date": "2099-03-04T19:00:00",
            "end_date": "2099-03-04T20:30:00",
            "contact_details": {},
        },
        {
            "title": "Street surgery",
            "description": None,
            "address": "Library steps",
            "type": "surgery",
            "start_date": "2024-06-01T10:00:00",
            "end_date": None,
            "contact_details": {},
        },
    ],
    "northshire/NS01/priorities.json": [
        {
            "issue": "Parking on the pavement outside the school at pick-up time.",
            "issue-date": "2025-04-02T00:00:00",
            "action": None,
            "action-date": None,
        },
        {
            "issue": "Drug dealing in the park near the play area.",
            "issue-date": "2024-11-10T00:00:00",
            "action": "Two arrests; the park is now patrolled daily.",
            "action-date": "2025-01-15T00:00:00",
        },
    ],
    "northshire/NS02.json": {
        "id": "NS02",
        "name": "Riverside",
        "description": None,
        "url_force": None,
        "welcome_message": None,
        "population": None,
        "contact_details": {},
        "centre": {"latitude": None, "longitude": None},
        "links": [],
        "locations": [],
    },
    "northshire/NS02/boundary.json": [],
    "northshire/NS02/people.json": [],
    "northshire/NS02/events.json": [],
    "northshire/NS02/priorities.json": [],
}


def write_tree(root: Path, files: dict[str, object]) -> Path:
    """Write ``files`` (relative path -> JSON value, or str for raw text) under ``root``."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else json.dumps(content, indent=2)
        path.write_text(text, encoding="utf-8")
    return root


def read_tree(root: Path) -> dict[str, object]:
    """Every JSON file under ``root``, by relative path."""
    return {
        str(path.relative_to(root)): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(root.rglob("*.json"))
    }
