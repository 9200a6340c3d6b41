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
    # Count figures are rated by share (DESIGN.md 4.6).
    share = "green when none, amber when some, up to 25%, red above 25%."
    assert (
        "Rated by the share of open priorities past review: " + share
        in text["Priorities past review"]
    )
    assert "Rated by the share of neighbourhoods overdue: " + share in text["Last PACT meeting"]
    assert "Rated by the share of neighbourhoods not covered: " + share in text["Named officers"]
    assert (
        "Rated by the share of contacts due that were late: " in text["Contacts answered in time"]
    )
    assert list(text) == [
        "Abstraction",
        "Supervision span",
        "Hybrid sergeants",
        "Vacancies",
        "Priorities past review",
        "Last PACT meeting",
        "Contacts answered in time",
        "Named officers",
        "Neighbourhoods with 3-5 priorities",
        "Priorities with a plan",
        "Plans assessed",
    ]


def test_legend_follows_the_constants(monkeypatch):
    monkeypatch.setattr(rag, "VACANCY_RED_SHARE", 0.25)
    monkeypatch.setattr(rag, "SHARE_RED_ABOVE", 0.4)
    text = _legend()
    assert "Amber: up to 25% of the staffing template. Red: more than 25%." in text["Vacancies"]
    assert "amber when some, up to 40%, red above 40%." in text["Contacts answered in time"]
    # ... and so do the ratings: 2 vacancies of 10 is amber under a 25% red band; 3 late
    # contacts of 10 are amber under a 40% red band.
    assert rag.staffing({"target_total": 10, "vacancies_total": 2}) == "amber"
    assert rag.contact_responsiveness({"on_time": 7, "late": 3}) == "amber"


def test_legend_gives_the_forces_own_numbers(world):
    force = world.force
    force.abstraction_limit, force.supervision_span_limit = 0.25, 10
    force.priority_review_days, force.meeting_interval_days = 60, 30
    force.contact_response_hours = 48
    text = _legend(force)
    # 90% of 25% = 22.5%. The span has no amber band inside HMIC's good range unless the force
    # sets one. The review and meeting intervals are the force's.
    assert "(22.5% with this force's 25% limit)" in text["Abstraction"]
    assert "(1:10 for this force)" in text["Supervision span"]
    assert "amber point" not in text["Supervision span"]
    force.supervision_span_amber = 9
    assert "above this force's amber point of 1:9." in _legend(force)["Supervision span"]
    assert "(this force: 60 days)" in text["Priorities past review"]
    assert "(this force: 30 days)" in text["Last PACT meeting"]
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
    assert "(1:12 for this force)" in page
    assert "(this force: 90 days)" in page
