"""The RAG bands are named constants in dashboards/metrics/rag.py; the ratings and the legend
printed on every dashboard both come from them (DESIGN.md 4.6)."""

import pytest

from dashboards.metrics import rag

pytestmark = pytest.mark.django_db


def _legend(force=None) -> dict[str, str]:
    return dict(rag.legend(force))


def test_legend_states_the_bands_of_the_constants():
    text = _legend()
    assert text["Abstraction"] == (
        "Green: at most 90% of the force limit. Amber: above 90% and up to the limit. "
        "Red: above the limit."
    )
    assert "Amber: up to 10% of the staffing template. Red: more than 10%." in text["Vacancies"]
    assert "older than 90% of the force's review interval" in text["Priorities past review"]
    assert "in the last 10% of the interval" in text["Last PACT meeting"]
    assert "Amber: 90% or more. Red: under 90%." in text["Contacts answered in time"]
    assert list(text) == [
        "Abstraction",
        "Supervision span",
        "Vacancies",
        "Priorities past review",
        "Last PACT meeting",
        "Contacts answered in time",
        "Named officers",
    ]


def test_legend_follows_the_constants(monkeypatch):
    monkeypatch.setattr(rag, "VACANCY_RED_SHARE", 0.25)
    monkeypatch.setattr(rag, "CONTACT_AMBER_SHARE", 0.8)
    text = _legend()
    assert "Amber: up to 25% of the staffing template. Red: more than 25%." in text["Vacancies"]
    assert "Amber: 80% or more. Red: under 80%." in text["Contacts answered in time"]
    # ... and so do the ratings: 2 vacancies of 10 is amber under a 25% red band.
    assert rag.staffing({"target_total": 10, "vacancies_total": 2}) == "amber"
    assert rag.contact_responsiveness({"rate": 0.8}) == "amber"


def test_legend_gives_the_forces_own_numbers(world):
    force = world.force
    force.abstraction_limit, force.supervision_span_limit = 0.25, 10
    force.priority_review_days, force.meeting_interval_days = 60, 30
    force.contact_response_hours = 48
    text = _legend(force)
    # 90% of 25% = 22.5%; 90% of 1:10 = 1:9; floor(90% of 60) = 54 days; of 30 = 27 days.
    assert "(22.5% with this force's 25% limit)" in text["Abstraction"]
    assert "(1:9 with this force's 1:10)" in text["Supervision span"]
    assert "(more than 54 of 60 days)" in text["Priorities past review"]
    assert "(27 of 30 days)" in text["Last PACT meeting"]
    assert "(48 hours)" in text["Contacts answered in time"]


@pytest.mark.parametrize(
    "rate, rating", [(0.18, "green"), (0.181, "amber"), (0.2, "amber"), (0.201, "red")]
)
def test_limit_band_edges(rate, rating):
    # 20% limit: at most 18% is green, up to 20% amber, above red.
    assert rag.abstraction({"rate": rate, "limit": 0.2}) == rating


@pytest.mark.parametrize("level", ["force", "bcu", "team"])
def test_every_dashboard_prints_the_legend_of_its_force(client_for, world, level):
    scope = {"force": world.force, "bcu": world.north, "team": world.alpha}[level]
    page = client_for("force_admin").get(f"/dashboards/{level}/{scope.id}/").content.decode()
    # The world's force has the default policy: 20% abstraction limit, 1:12 span, 90 days.
    assert "Green: at most 90% of the force limit (18% with this force&#x27;s 20% limit)" in page
    assert "(1:10.8 with this force&#x27;s 1:12)" in page
    assert "(more than 81 of 90 days)" in page
