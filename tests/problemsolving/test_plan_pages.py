"""The plan editor /plans/<id>/ and the printable plan: who sees which form, saving with
optimistic concurrency, stage refusals beside the field they name, actions and reviews."""

import datetime as dt

import pytest

from problemsolving.models import Plan
from problemsolving.services import plan_create
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def priority(world):
    return f.PriorityFactory(
        neighbourhood=world.a1, title="Motorbikes on Mill Road", date_set=dt.date(2025, 1, 5)
    )


@pytest.fixture
def plan(world, priority, personas):
    return plan_create(
        neighbourhood=world.a1,
        title="Mill Road motorbikes",
        opened_on=dt.date(2025, 1, 10),
        priority=priority,
        owner=personas["sergeant"],
    )


def _content(plan, **fields) -> dict:
    data = {"version": plan.version, "title": plan.title, "owner": plan.owner_id or ""}
    data.update(fields)
    return data


def test_sergeant_sees_the_editor(client_for, plan):
    page = client_for("sergeant").get(f"/plans/{plan.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'action="/plans/{plan.pk}/edit/"' in html
    assert f'action="/plans/{plan.pk}/stage/"' in html
    assert "Quality: 0 of 8" in html


def test_police_read_only_roles_see_no_forms(client_for, plan):
    for persona in ("force_viewer", "other_sergeant", "inspector"):
        client = client_for(persona)
        page = client.get(f"/plans/{plan.pk}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "/edit/" not in html and "/stage/" not in html
        response = client.post(f"/plans/{plan.pk}/edit/", _content(plan, title="Mine now"))
        assert response.status_code == 403
    assert Plan.objects.get(pk=plan.pk).title == "Mill Road motorbikes"


def test_outside_scope_gets_404(client_for, plan):
    assert client_for("partner").get(f"/plans/{plan.pk}/").status_code == 404
    assert client_for("outsider_admin").get(f"/plans/{plan.pk}/").status_code == 404
    assert client_for("partner").get(f"/plans/{plan.pk}/print/").status_code == 404


def test_saving_the_content(client_for, plan, world):
    response = client_for("sergeant").post(
        f"/plans/{plan.pk}/edit/",
        _content(
            plan,
            scan="Riders race along the service road every evening.",
            victim="Shop staff",
            partners=[world.council.pk],
        ),
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.scan, plan.victim, plan.version) == (
        "Riders race along the service road every evening.",
        "Shop staff",
        2,
    )
    assert list(plan.partners.all()) == [world.council]


def test_stale_edit_keeps_what_was_typed(client_for, plan):
    client = client_for("sergeant")
    client.post(f"/plans/{plan.pk}/edit/", _content(plan, scan="First save"))
    response = client.post(f"/plans/{plan.pk}/edit/", _content(plan, scan="My careful analysis"))
    assert response.status_code == 409
    html = response.content.decode()
    assert "My careful analysis" in html
    assert "Someone else saved this plan" in html
    assert 'name="version" value="2"' in html
    assert Plan.objects.get(pk=plan.pk).scan == "First save"


def test_stage_refusal_is_shown_beside_the_field(client_for, plan):
    response = client_for("sergeant").post(
        f"/plans/{plan.pk}/stage/", {"stage-version": 1, "stage-stage": "analysis"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_scan-error"' in html
    error_at = html.index('id="id_scan-error"')
    assert (
        "Write the problem statement (scan) before the analysis." in html[error_at : error_at + 200]
    )
    assert Plan.objects.get(pk=plan.pk).stage == "scan"


def test_closing_refusal_names_the_priority(client_for, plan):
    Plan.objects.filter(pk=plan.pk).update(
        stage="assessment",
        scan="s",
        victim="v",
        offender="o",
        location="l",
        assessment="Calls down",
        closure_justification="Panel happy",
    )
    f.ActionFactory(plan=plan)
    response = client_for("sergeant").post(
        f"/plans/{plan.pk}/stage/",
        {
            "stage-version": 1,
            "stage-stage": "closed",
            "stage-outcome": "reduced",
            "stage-closed_on": "2025-04-01",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="priority-error"' in html
    assert "must be closed, with the public&#x27;s sign-off" in html


def test_moving_on(client_for, plan):
    client = client_for("sergeant")
    client.post(f"/plans/{plan.pk}/edit/", _content(plan, scan="Riders every evening"))
    response = client.post(
        f"/plans/{plan.pk}/stage/", {"stage-version": 2, "stage-stage": "analysis"}, follow=True
    )
    assert "The plan is now at the Analysis stage." in response.content.decode()
    assert Plan.objects.get(pk=plan.pk).stage == "analysis"


def test_adding_an_action_with_htmx(client_for, plan, personas):
    response = client_for("officer").post(
        f"/plans/{plan.pk}/actions/",
        {
            "action-category": "enforcement",
            "action-description": "Seize bikes under section 59",
            "action-owner": personas["officer"].pk,
            "action-due_on": "2025-02-01",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="actions-section">')
    assert "Seize bikes under section 59" in html
    assert "Action added." in html
    action = plan.actions.get()
    assert (action.category, action.owner, action.due_on) == (
        "enforcement",
        personas["officer"],
        dt.date(2025, 2, 1),
    )


def test_action_with_two_owners_is_refused(client_for, plan, personas, world):
    response = client_for("sergeant").post(
        f"/plans/{plan.pk}/actions/",
        {
            "action-category": "prevention",
            "action-description": "Lighting",
            "action-owner": personas["officer"].pk,
            "action-owner_partner": world.council.pk,
        },
    )
    assert response.status_code == 400
    assert "Choose an officer or a partner, not both." in response.content.decode()
    assert not plan.actions.exists()


def test_ticking_an_action_done_with_htmx(client_for, plan):
    action = f.ActionFactory(plan=plan, description="Letter to the council")
    response = client_for("officer").post(
        f"/plans/{plan.pk}/actions/{action.pk}/done/",
        {"done_on": "2025-02-03"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<tr class="govuk-table__row" id="action-{action.pk}">')
    assert "3 Feb 2025" in html
    action.refresh_from_db()
    assert action.done_on == dt.date(2025, 2, 3)


def test_a_partner_ticks_only_its_own_actions(client_for, plan, world, personas):
    plan.partners.add(world.council)
    police = f.ActionFactory(plan=plan, owner=personas["officer"])
    theirs = f.ActionFactory(plan=plan, owner_partner=world.council)
    client = client_for("partner")
    page = client.get(f"/plans/{plan.pk}/").content.decode()
    assert f"/actions/{theirs.pk}/done/" in page
    assert f"/actions/{police.pk}/done/" not in page
    assert "/edit/" not in page
    url = f"/plans/{plan.pk}/actions/%d/done/"
    assert client.post(url % police.pk, {"done_on": "2025-02-03"}).status_code == 403
    assert client.post(url % theirs.pk, {"done_on": "2025-02-03"}).status_code == 302


def test_recording_a_review_moves_the_next_review(client_for, plan):
    response = client_for("sergeant").post(
        f"/plans/{plan.pk}/reviews/",
        {"review-date": "2025-01-31", "review-notes": "Analysis on track."},
        follow=True,
    )
    assert "Next review due by 28 February 2025." in response.content.decode()
    plan.refresh_from_db()
    assert plan.next_review_on == dt.date(2025, 2, 28)


def test_print(client_for, plan):
    f.ActionFactory(plan=plan, description="Council to fit bollards")
    page = client_for("force_viewer").get(f"/plans/{plan.pk}/print/")
    assert page.status_code == 200
    assert "Council to fit bollards" in page.content.decode()


def test_a_partner_does_not_see_a_private_priority_title(client_for, world):
    private = f.PriorityFactory(neighbourhood=world.a1, public=False, title="Named dealer")
    plan = f.PlanFactory(neighbourhood=world.a1, priority=private, owner_partner=world.council)
    page = client_for("partner").get(f"/plans/{plan.pk}/")
    assert page.status_code == 200
    assert "Named dealer" not in page.content.decode()
