"""GET /api/v1/plans/?search=: PostgreSQL full-text search, English stemming, best match
first; the library's filters; the query count stays fixed."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(world):
    """Three realistic plans in three neighbourhoods of Testshire and one in another force."""
    title_match = f.PlanFactory(
        neighbourhood=world.b1,
        title="Off-road motorbikes on Coldham's Common",
        scan="Residents report off-road bikes tearing up the grass every evening.",
        victim="Dog walkers and families on the common",
        stage="response",
    )
    f.ActionFactory(plan=title_match, category="enforcement", description="Section 59 warnings")
    passing = f.PlanFactory(
        neighbourhood=world.a1,
        title="Shoplifting at the Mill Road Co-op",
        scan="Repeat thefts of alcohol; one suspect left on a motorbike.",
        stage="analysis",
    )
    f.ActionFactory(plan=passing, category="prevention", description="Security tags on spirits")
    unrelated = f.PlanFactory(
        neighbourhood=world.c1,
        title="Fly-tipping behind Cherry Hinton Hall",
        scan="Mattresses and builders' waste dumped in the lane.",
        stage="closed",
        outcome="reduced",
        closed_on="2025-03-01",
    )
    action_only = f.PlanFactory(
        neighbourhood=world.a2,
        title="Anti-social behaviour at the Arbury skate park",
        scan="Groups gathering late at night.",
    )
    f.ActionFactory(
        plan=action_only,
        category="intelligence",
        description="Ask the council for CCTV of scooters and motorbikes using the ramp",
    )
    elsewhere = f.PlanFactory(
        neighbourhood=world.other_neighbourhood, title="Motorbike thefts from driveways"
    )
    return {
        "title": title_match,
        "passing": passing,
        "unrelated": unrelated,
        "action_only": action_only,
        "elsewhere": elsewhere,
    }


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_stemming_and_title_match_first(client_for, library):
    client = client_for("force_viewer")
    # "motorbike" finds "motorbikes" (title) and "motorbike" (scan) and an action's text; the
    # other force's plan is not in the library of this force.
    ids = _ids(client.get("/api/v1/plans/", {"search": "motorbike"}))
    assert ids[0] == library["title"].pk
    assert set(ids) == {library["title"].pk, library["passing"].pk, library["action_only"].pk}
    # The passing mention in the scan ranks above the mention in an action.
    assert ids == [library["title"].pk, library["passing"].pk, library["action_only"].pk]


def test_web_search_syntax(client_for, library):
    client = client_for("sergeant")
    ids = _ids(client.get("/api/v1/plans/", {"search": "motorbike -shoplifting"}))
    assert set(ids) == {library["title"].pk, library["action_only"].pk}
    assert _ids(client.get("/api/v1/plans/", {"search": '"builders waste"'})) == [
        library["unrelated"].pk
    ]


def test_search_sees_later_edits_of_actions(client_for, library):
    action = library["unrelated"].actions.create(
        category="communication", description="Leaflet drop about motorbikes"
    )
    client = client_for("sergeant")
    assert library["unrelated"].pk in _ids(client.get("/api/v1/plans/", {"search": "motorbikes"}))
    action.description = "Leaflet drop about dumping"
    action.save()
    assert library["unrelated"].pk not in _ids(
        client.get("/api/v1/plans/", {"search": "motorbikes"})
    )


def test_filters(client_for, library, world):
    client = client_for("force_admin")
    assert _ids(client.get("/api/v1/plans/", {"outcome": "reduced"})) == [library["unrelated"].pk]
    assert _ids(client.get("/api/v1/plans/", {"category": "intelligence"})) == [
        library["action_only"].pk
    ]
    assert _ids(client.get("/api/v1/plans/", {"stage": "analysis"})) == [library["passing"].pk]
    assert _ids(
        client.get("/api/v1/plans/", {"neighbourhood": world.b1.pk, "search": "motorbike"})
    ) == [library["title"].pk]
    bad = client.get("/api/v1/plans/", {"category": "hope"})
    assert bad.status_code == 400
    assert "category" in bad.content.decode()


def test_search_list_takes_fixed_queries(client_for, library, world, django_assert_num_queries):
    client = client_for("force_admin")
    # The session and user (2), the COUNT (1), the page (1).
    with django_assert_num_queries(4):
        first = client.get("/api/v1/plans/", {"search": "motorbike"})
    for i in range(4):
        plan = f.PlanFactory(neighbourhood=world.a1, title=f"Motorbike nuisance {i}")
        plan.partners.add(world.council)
    with django_assert_num_queries(4):
        second = client.get("/api/v1/plans/", {"search": "motorbike"})
    assert len(second.json()["results"]) == len(first.json()["results"]) + 4
