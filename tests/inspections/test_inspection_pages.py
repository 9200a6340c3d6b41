"""The inspection pages (/inspections/, /inspections/<id>/, report, comparison) per role:
inspector and force admin write force-wide, a BCU commander its BCU and its teams, a sergeant
reads its team's (403 on a change), a partner sees none (404)."""

import datetime as dt
from decimal import Decimal

import pytest

from inspections import services
from inspections.models import Inspection, Judgement, Recommendation, ThemeAssessment
from tests import factories as f

START = dt.date(2025, 6, 1)


@pytest.fixture
def alpha_sa(world, frameworks):
    member = f.PostingFactory(team=world.alpha, role="constable").member
    for hours, activity in ((24, "patrol"), (8, "response_cover")):
        f.DutyRecordFactory(
            member=member,
            team=world.alpha,
            date=dt.date(2025, 5, 1),
            hours=Decimal(hours),
            activity=activity,
        )
    return services.inspection_open(
        framework=frameworks["npia-self-assessment"],
        scope_type="team",
        team=world.alpha,
        title="Alpha self-assessment 2025",
        start_date=START,
    )


@pytest.fixture
def charlie_hmic(world, frameworks):
    return services.inspection_open(
        framework=frameworks["hmic-2008"],
        scope_type="team",
        team=world.charlie,
        title="Charlie HMIC 2025",
        start_date=START,
    )


@pytest.mark.parametrize(
    "who,sees_alpha,sees_charlie,can_open",
    [
        ("inspector", True, True, True),
        ("force_admin", True, True, True),
        ("force_viewer", True, True, False),
        ("bcu_commander", True, False, True),
        ("sergeant", True, False, False),
        ("other_sergeant", False, False, False),
    ],
)
def test_list_by_role(client_for, alpha_sa, charlie_hmic, who, sees_alpha, sees_charlie, can_open):
    response = client_for(who).get("/inspections/")
    assert response.status_code == 200
    page = response.content.decode()
    assert ("Alpha self-assessment 2025" in page) is sees_alpha
    assert ("Charlie HMIC 2025" in page) is sees_charlie
    assert ("Open the inspection" in page) is can_open


def test_list_for_a_partner_is_404(client_for, alpha_sa):
    assert client_for("partner").get("/inspections/").status_code == 404
    assert client_for("partner").get(f"/inspections/{alpha_sa.pk}/").status_code == 404


def test_list_query_count(client_for, alpha_sa, charlie_hmic, django_assert_num_queries):
    services.recommendation_create(inspection=alpha_sa, text="Publish priorities.")
    client = client_for("inspector")
    # Session, user; one exists() (the force: the caller may open something), the three
    # option lists; the inspections with their counts; the frameworks' options (the select
    # iterates its choices twice); the outstanding recommendations.
    with django_assert_num_queries(10):
        response = client.get("/inspections/")
    assert "Publish priorities." in response.content.decode()


def test_commander_opens_an_inspection_of_a_team(client_for, world, frameworks):
    client = client_for("bcu_commander")
    response = client.post(
        "/inspections/",
        {
            "framework": "hmic-2008",
            "scope": f"team:{world.bravo.pk}",
            "title": "Bravo HMIC",
            "start_date": "2025-06-01",
        },
    )
    inspection = Inspection.objects.get(title="Bravo HMIC")
    assert response.status_code == 302
    assert response["Location"] == f"/inspections/{inspection.pk}/"
    assert inspection.team == world.bravo and inspection.judgements.count() == 14
    # Another BCU's team is not on the list: a form error, nothing saved.
    response = client.post(
        "/inspections/",
        {
            "framework": "hmic-2008",
            "scope": f"team:{world.charlie.pk}",
            "title": "Charlie",
            "start_date": "2025-06-01",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Inspection.objects.filter(title="Charlie").exists()


def test_sergeant_may_not_open(client_for, world, frameworks):
    response = client_for("sergeant").post(
        "/inspections/",
        {
            "framework": "hmic-2008",
            "scope": f"team:{world.alpha.pk}",
            "title": "x",
            "start_date": "2025-06-01",
        },
    )
    assert response.status_code == 403
    assert not Inspection.objects.exists()


def test_detail_shows_frozen_and_live_figures(client_for, alpha_sa, world):
    # After opening, more abstraction: today's figure moves, the frozen one does not.
    member = world.alpha.postings.first().member
    f.DutyRecordFactory(
        member=member, team=world.alpha, date=dt.date.today(), hours=Decimal(8), activity="patrol"
    )
    response = client_for("inspector").get(f"/inspections/{alpha_sa.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    q6 = alpha_sa.judgements.get(criterion__code="ACC-Q6")
    section = page[page.index(f'id="criterion-{q6.pk}"') :]
    section = section[: section.index("</form>")]
    assert "25.0%" in section  # kept: 8 of 32 hours
    assert "standard at most 20.0%" in section
    assert "Not met" in section
    assert "0.0%" in section  # today: the last 90 days hold 8 h patrol only
    assert "Save ACC-Q6" in section


def test_grading_with_looking_fors_shows_the_rule(client_for, alpha_sa):
    q6 = alpha_sa.judgements.get(criterion__code="ACC-Q6")  # three looking-fors
    client = client_for("inspector")
    response = client.post(
        f"/inspections/{alpha_sa.pk}/judgements/{q6.pk}/",
        {
            f"j{q6.pk}-grade": "amber",
            f"j{q6.pk}-evidence": "Abstraction is recorded but above policy.",
            f"j{q6.pk}-looking_fors_met": ["1", "2"],
        },
    )
    assert response.status_code == 302
    q6.refresh_from_db()
    assert (q6.grade, q6.looking_fors_met, q6.serious_omission) == ("amber", [1, 2], False)
    page = client.get(f"/inspections/{alpha_sa.pk}/").content.decode()
    rag = page[page.index(f'id="rag-{q6.pk}"') :][:300]
    # 2 of 3 met: a majority, short of "virtually all" (4 in 5): amber.
    assert "Amber" in rag and "2 of 3" in rag


def test_a_grade_outside_the_framework_is_a_form_error(client_for, alpha_sa):
    q1 = alpha_sa.judgements.get(criterion__code="ACC-Q1")
    response = client_for("inspector").post(
        f"/inspections/{alpha_sa.pk}/judgements/{q1.pk}/", {f"j{q1.pk}-grade": "meeting"}
    )
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert Judgement.objects.get(pk=q1.pk).grade == ""


@pytest.mark.parametrize(
    "who,status",
    [
        ("inspector", 302),
        ("force_admin", 302),
        ("bcu_commander", 302),
        ("sergeant", 403),
        ("force_viewer", 403),
        ("other_sergeant", 404),
        ("partner", 404),
        ("outsider_admin", 404),
    ],
)
def test_who_may_grade_on_the_page(client_for, alpha_sa, who, status):
    q1 = alpha_sa.judgements.get(criterion__code="ACC-Q1")
    response = client_for(who).post(
        f"/inspections/{alpha_sa.pk}/judgements/{q1.pk}/", {f"j{q1.pk}-grade": "green"}
    )
    assert response.status_code == status
    assert Judgement.objects.get(pk=q1.pk).grade == ("green" if status == 302 else "")


def test_commander_of_another_bcu_cannot_see_it(client_for, charlie_hmic):
    assert client_for("bcu_commander").get(f"/inspections/{charlie_hmic.pk}/").status_code == 404


def test_sergeant_reads_without_forms(client_for, alpha_sa):
    response = client_for("sergeant").get(f"/inspections/{alpha_sa.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Save ACC-Q6" not in page and "Add the recommendation" not in page
    assert "Not met" in page


def test_theme_grade_and_hmic_overall(client_for, charlie_hmic):
    client = client_for("inspector")
    # Every "meeting the standard" criterion shown, no "exceeding" one.
    for judgement in charlie_hmic.judgements.select_related("criterion"):
        exceeding = "-E" in judgement.criterion.code
        client.post(
            f"/inspections/{charlie_hmic.pk}/judgements/{judgement.pk}/",
            {f"j{judgement.pk}-grade": "failing" if exceeding else "meeting"},
        )
    first = charlie_hmic.judgements.order_by("criterion__order").first()
    response = client.post(
        f"/inspections/{charlie_hmic.pk}/themes/",
        {
            f"t{first.pk}-theme": "Neighbourhood Policing",
            f"t{first.pk}-grade": "meeting",
            f"t{first.pk}-comments": "Sound, not yet exceeding.",
        },
    )
    assert response.status_code == 302
    assessment = ThemeAssessment.objects.get(inspection=charlie_hmic)
    assert (assessment.theme, assessment.grade) == ("Neighbourhood Policing", "meeting")
    page = client.get(f"/inspections/{charlie_hmic.pk}/").content.decode()
    overall = page[page.index('id="overall-grade"') :][:200]
    # Each area meets the standard without exceeding it, and so does the whole.
    assert "Meeting the standard" in overall


def test_recommendations_repeat_and_close(client_for, world, frameworks, alpha_sa, personas):
    earlier = services.inspection_open(
        framework=frameworks["npia-self-assessment"],
        scope_type="team",
        team=world.alpha,
        title="Alpha self-assessment 2024",
        start_date=dt.date(2024, 6, 1),
    )
    old = services.recommendation_create(inspection=earlier, text="Hold PACT meetings monthly.")
    client = client_for("bcu_commander")
    response = client.post(
        f"/inspections/{alpha_sa.pk}/recommendations/",
        {
            "rec-text": "Hold PACT meetings monthly (again).",
            "rec-owner": personas["sergeant"].pk,
            "rec-due_on": "2025-09-30",
            "rec-repeats": old.pk,
        },
    )
    assert response.status_code == 302
    rec = Recommendation.objects.get(inspection=alpha_sa)
    assert (rec.repeats, rec.owner, rec.due_on) == (old, personas["sergeant"], dt.date(2025, 9, 30))
    listing = client.get("/inspections/").content.decode()
    assert "Hold PACT meetings monthly (again)." in listing
    assert f"#recommendation-{old.pk}" in listing  # the link to the one it repeats
    # Closing needs a date: a form error, still open.
    response = client.post(
        f"/inspections/{alpha_sa.pk}/recommendations/{rec.pk}/", {f"r{rec.pk}-status": "closed"}
    )
    assert response.status_code == 400
    rec.refresh_from_db()
    assert rec.status == "open"
    client.post(
        f"/inspections/{alpha_sa.pk}/recommendations/{rec.pk}/",
        {f"r{rec.pk}-status": "closed", f"r{rec.pk}-closed_on": "2025-08-01"},
    )
    rec.refresh_from_db()
    assert (rec.status, rec.closed_on) == ("closed", dt.date(2025, 8, 1))
    assert "Hold PACT meetings monthly (again)." not in client.get("/inspections/").content.decode()


def test_report_is_printable(client_for, alpha_sa):
    response = client_for("sergeant").get(f"/inspections/{alpha_sa.pk}/report/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "@media print" in page
    assert "25.0%" in page and "<form" not in page.split("<main", 1)[1].split("</main>")[0]


def test_comparison_of_two_inspections(client_for, world, frameworks):
    def open_on(day, title):
        return services.inspection_open(
            framework=frameworks["hmic-2008"],
            scope_type="bcu",
            bcu=world.north,
            title=title,
            start_date=day,
        )

    # Span 1:13 in 2024 (one sergeant, 13 constables), 1:6.5 in 2025 (a second sergeant).
    f.PostingFactory(team=world.alpha, role="sergeant", start_date=dt.date(2024, 1, 1))
    for _ in range(13):
        f.PostingFactory(team=world.alpha, role="constable", start_date=dt.date(2024, 1, 1))
    before = open_on(dt.date(2024, 6, 1), "North 2024")
    f.PostingFactory(team=world.bravo, role="sergeant", start_date=dt.date(2025, 1, 1))
    after = open_on(dt.date(2025, 6, 1), "North 2025")
    services.judgement_update(
        judgement=before.judgements.get(criterion__code="NP-M1"), grade="failing"
    )
    services.judgement_update(
        judgement=after.judgements.get(criterion__code="NP-M1"), grade="meeting"
    )
    old = services.recommendation_create(inspection=before, text="Recruit a second sergeant.")
    services.recommendation_create(inspection=after, text="Keep two sergeants.", repeats=old)
    client = client_for("bcu_commander")
    response = client.get(f"/inspections/{after.pk}/compare/", {"other": before.pk})
    assert response.status_code == 200
    page = response.content.decode()
    row = page[page.index('id="row-NP-M1"') :]
    row = row[: row.index("</tr>")]
    assert "1:13.0" in row and "1:6.5" in row
    assert "Grade better" in row and "figure -6.5" in row
    assert "Keep two sergeants." in page[page.index('id="repeats"') :]
    # An inspection of another scope is not offered: 404.
    other = services.inspection_open(
        framework=frameworks["hmic-2008"],
        scope_type="team",
        team=world.alpha,
        title="Alpha",
        start_date=START,
    )
    assert client.get(f"/inspections/{after.pk}/compare/", {"other": other.pk}).status_code == 404


@pytest.mark.parametrize("who", ["inspector", "force_admin"])
def test_force_dashboard_links_to_inspections(client_for, world, who):
    page = client_for(who).get(f"/dashboards/force/{world.force.pk}/").content.decode()
    assert 'href="/inspections/"' in page


def test_bcu_dashboard_links_to_inspections(client_for, world):
    page = client_for("bcu_commander").get(f"/dashboards/bcu/{world.north.pk}/").content.decode()
    assert 'href="/inspections/"' in page


def test_detail_query_count_does_not_grow(client_for, world, frameworks, alpha_sa):
    """The grading page's queries do not depend on how many judgements, recommendations or
    earlier inspections there are: each metric is computed once for today, whatever the
    number of criteria using it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("inspector")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/inspections/{alpha_sa.pk}/").status_code == 200
        return len(queries)

    earlier = services.inspection_open(
        framework=frameworks["npia-self-assessment"],
        scope_type="team",
        team=world.alpha,
        title="Alpha 2024",
        start_date=dt.date(2024, 6, 1),
    )
    before = count()
    old = services.recommendation_create(inspection=earlier, text="Old.")
    for n in range(3):
        services.recommendation_create(inspection=alpha_sa, text=f"New {n}.", repeats=old)
    assert count() == before
    # Session, user, inspection, may-write, judgements, grades, theme assessments,
    # recommendations, owners, repeatable, comparable (exists and options), and about two
    # queries for each of the 8 metrics the self-assessment's criteria use.
    assert before == 28
