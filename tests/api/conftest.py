"""Fixtures for the /api/v1/ tests: partners' API keys and a little data in every scope."""

import datetime as dt

import pytest
from django.utils import timezone

from accounts.models import APIKey
from accounts.services import api_key_create
from inspections.models import Criterion, Framework, Inspection, Judgement, Recommendation
from tests import factories as f


@pytest.fixture(autouse=True)
def _no_shared_throttle(settings):
    """Throttle buckets live in the shared Redis; only the throttle test turns them on."""
    rates = dict(settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}))
    rates.update({"partner_key": None, "anon": None})
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    settings.POLICE_UK_CACHE_SECONDS = 0


@pytest.fixture
def keys(world, personas) -> dict:
    """Raw API keys for Northtown Council: ``active``, ``revoked`` and ``expired``; and the
    APIKey objects under ``objects``."""
    admin = personas["force_admin"]
    _, active = api_key_create(partner=world.council, name="Council CRM", created_by=admin)
    revoked_key, revoked = api_key_create(partner=world.council, name="Old", created_by=admin)
    revoked_key.revoked_at = timezone.now()
    revoked_key.save()
    expired_key, expired = api_key_create(
        partner=world.council,
        name="Trial",
        created_by=admin,
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    expired_key.expires_at = timezone.now() - dt.timedelta(minutes=1)
    expired_key.save()
    active_key = APIKey.objects.get(hashed_key=APIKey.hash(active))
    return {
        "active": active,
        "revoked": revoked,
        "expired": expired,
        "objects": {"active": active_key, "revoked": revoked_key, "expired": expired_key},
    }


@pytest.fixture
def caller(client, personas, keys):
    """``caller("sergeant")`` signs the test client in as a persona; ``caller("key")``,
    ``caller("revoked_key")``, ``caller("expired_key")`` send an API key; ``caller("anonymous")``
    sends nothing. Returns (client, extra headers)."""

    def _as(name: str):
        client.logout()
        if name == "anonymous":
            return client, {}
        if name in ("key", "revoked_key", "expired_key"):
            raw = keys[{"key": "active", "revoked_key": "revoked", "expired_key": "expired"}[name]]
            return client, {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}
        client.force_login(personas[name])
        return client, {}

    return _as


@pytest.fixture
def data(world, personas):
    """One object of each kind, in team Alpha's neighbourhood A1 (the council's too), plus
    a private priority in A1 and a priority in Bravo's B1."""
    member = f.MemberFactory(force=world.force, name="PC Ada Lovelace", user=personas["officer"])
    # Half time, so a second half-time posting (create-posting) fits in 1.0 FTE.
    posting = f.PostingFactory(member=member, team=world.alpha, role="constable", fte="0.5")
    duty = f.DutyRecordFactory(member=member, team=world.alpha, note="Court at 10")
    event = f.EventFactory(neighbourhood=world.a1, team=world.alpha, minutes="Private minutes")
    contact = f.PublicContactFactory(neighbourhood=world.a1, team=world.alpha, note="Vulnerable")
    priority = f.PriorityFactory(neighbourhood=world.a1, who="Named youths")
    review = f.PriorityReviewFactory(priority=priority)
    private = f.PriorityFactory(neighbourhood=world.a1, public=False)
    bravo_priority = f.PriorityFactory(neighbourhood=world.b1)
    plan = f.PlanFactory(neighbourhood=world.a1, priority=priority, owner_partner=world.council)
    action = f.ActionFactory(plan=plan, owner_partner=world.council)
    plan_review = f.PlanReviewFactory(plan=plan)
    police_plan = f.PlanFactory(neighbourhood=world.a1)
    # Loaded by a data migration; made again when a transactional test has emptied the tables.
    framework, _ = Framework.objects.get_or_create(code="hmic-2008", defaults={"name": "HMIC"})
    inspection = Inspection.objects.create(
        framework=framework,
        force=world.force,
        scope_type="team",
        team=world.alpha,
        title="Alpha NPT review",
        start_date=dt.date(2025, 3, 1),
    )
    criterion = framework.criteria.order_by("order").first() or Criterion.objects.create(
        framework=framework, code="NP-M1", theme="Neighbourhood Policing", text="Standard."
    )
    judgement = Judgement.objects.create(inspection=inspection, criterion=criterion)
    recommendation = Recommendation.objects.create(inspection=inspection, text="Name a lead.")
    return {
        "inspection": inspection,
        "judgement": judgement,
        "recommendation": recommendation,
        "member": member,
        "posting": posting,
        "duty": duty,
        "event": event,
        "contact": contact,
        "priority": priority,
        "review": review,
        "private": private,
        "bravo_priority": bravo_priority,
        "plan": plan,
        "action": action,
        "plan_review": plan_review,
        "police_plan": police_plan,
    }
