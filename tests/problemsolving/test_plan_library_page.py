"""/plans/: the force-wide library, searched with PostgreSQL full-text search (stemming, best
match first, matched words highlighted), filtered and paginated, in a fixed number of queries."""

import pytest

from problemsolving.models import Plan
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(world):
    title = f.PlanFactory(
        neighbourhood=world.b1,
        title="Off-road motorbikes on Coldham's Common",
        scan="Bikes tearing up the grass every evening.",
    )
    f.ActionFactory(plan=title, category="enforcement", description="Section 59 warnings")
    passing = f.PlanFactory(
        neighbourhood=world.a1,
        title="Shoplifting at the Mill Road Co-op",
        scan="Repeat thefts of alcohol; one suspect left on a motorbike.",
    )
    other = f.PlanFactory(
        neighbourhood=world.c1,
        title="Fly-tipping <b>behind</b> Cherry Hinton Hall",
        scan="Builders' waste dumped in the lane.",
        stage="closed",
        outcome="reduced",
        closed_on="2025-03-01",
    )
    return {"title": title, "passing": passing, "other": other}


def test_search_ranks_highlights_and_stems(client_for, library):
    html = client_for("other_sergeant").get("/plans/", {"q": "motorbike"}).content.decode()
    assert "2 plans matching “motorbike”, best match first" in html
    first = html.index(f'href="/plans/{library["title"].pk}/"')
    second = html.index(f'href="/plans/{library["passing"].pk}/"')
    assert first < second
    assert "Off-road <mark>motorbikes</mark> on Coldham" in html
    assert "left on a <mark>motorbike</mark>" in html
    assert f"/plans/{library['other'].pk}/" not in html


def test_text_is_escaped_in_highlights(client_for, library):
    html = client_for("sergeant").get("/plans/", {"q": "fly-tipping"}).content.decode()
    assert "&lt;b&gt;behind&lt;/b&gt;" in html
    assert "<b>behind</b>" not in html


def test_filters(client_for, library, world):
    client = client_for("force_viewer")
    html = client.get("/plans/", {"outcome": "reduced"}).content.decode()
    assert "1 plan" in html and f"/plans/{library['other'].pk}/" in html
    html = client.get("/plans/", {"category": "enforcement"}).content.decode()
    assert "1 plan" in html and f"/plans/{library['title'].pk}/" in html
    html = client.get("/plans/", {"neighbourhood": world.a1.pk, "stage": "scan"}).content.decode()
    assert "1 plan" in html and f"/plans/{library['passing'].pk}/" in html


def test_paginated_in_fixed_queries(client_for, world, django_assert_num_queries):
    client = client_for("force_viewer")
    for i in range(25):
        f.PlanFactory(neighbourhood=world.a1, title=f"Motorbike nuisance {i}")
    # Session and user (2), the neighbourhood, team and BCU choices (3), the count (1), the
    # page with quality and headlines (1); a viewer manages nothing, known without a query.
    # (The force filter is hidden: its choices are not queried.)
    with django_assert_num_queries(7):
        page = client.get("/plans/", {"q": "motorbikes"})
    for i in range(10):
        plan = f.PlanFactory(neighbourhood=world.b1, title=f"Motorbikes again {i}")
        f.ActionFactory(plan=plan)
        f.PlanReviewFactory(plan=plan)
    with django_assert_num_queries(7):
        client.get("/plans/", {"q": "motorbikes"})
    Plan.objects.filter(title__startswith="Motorbikes again").delete()
    html = page.content.decode()
    assert "25 plans matching" in html
    assert "Page 1 of 2" in html
    assert "q=motorbikes&amp;page=2" in html
    page_two = client.get("/plans/", {"q": "motorbikes", "page": 2}).content.decode()
    assert page_two.count('class="npms-review npms-plan-hit"') == 5


def test_a_partner_lists_only_its_plans(client_for, library, world):
    mine = f.PlanFactory(neighbourhood=world.a1, title="Graffiti", owner_partner=world.council)
    html = client_for("partner").get("/plans/").content.decode()
    assert "1 plan" in html and f"/plans/{mine.pk}/" in html
