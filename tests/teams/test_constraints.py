"""The database refuses invalid rows even when a caller skips the services."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from priorities.models import Priority
from problemsolving.models import Plan
from teams.models import BCU, DutyRecord, Neighbourhood, Posting
from tests import factories as f

pytestmark = pytest.mark.django_db


def _refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


@pytest.mark.parametrize("hours", ["0", "-1", "24.01"])
def test_duty_hours_must_be_in_0_to_24(world, hours):
    member = f.MemberFactory(force=world.force)
    _refused(
        lambda: DutyRecord.objects.create(
            member=member,
            team=world.alpha,
            date=dt.date(2025, 1, 1),
            hours=Decimal(hours),
            activity="patrol",
        )
    )


def test_duty_hours_of_exactly_24_are_allowed(world):
    member = f.MemberFactory(force=world.force)
    DutyRecord.objects.create(
        member=member,
        team=world.alpha,
        date=dt.date(2025, 1, 1),
        hours=Decimal("24"),
        activity="patrol",
    )


def test_duty_activity_must_be_known(world):
    member = f.MemberFactory(force=world.force)
    _refused(
        lambda: DutyRecord.objects.create(
            member=member, team=world.alpha, date=dt.date(2025, 1, 1), hours=8, activity="golf"
        )
    )


def test_bcu_code_unique_per_force_but_reusable_elsewhere(world):
    _refused(lambda: BCU.objects.create(force=world.force, code="N", name="Another North"))
    BCU.objects.create(force=world.other_force, code="N", name="North elsewhere")


def test_neighbourhood_code_unique_per_force(world):
    _refused(
        lambda: Neighbourhood.objects.create(
            force=world.force, bcu=world.north, code="A1", name="x"
        )
    )


def test_postings_of_a_member_in_a_team_cannot_overlap(world):
    member = f.MemberFactory(force=world.force)
    Posting.objects.create(
        member=member,
        team=world.alpha,
        role="constable",
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2024, 6, 30),
    )
    # Starts on the last day of the first: the ranges share 30 June.
    _refused(
        lambda: Posting.objects.create(
            member=member, team=world.alpha, role="sergeant", start_date=dt.date(2024, 6, 30)
        )
    )
    # The next day is fine, and so is a concurrent posting in another team.
    Posting.objects.create(
        member=member, team=world.alpha, role="sergeant", start_date=dt.date(2024, 7, 1)
    )
    Posting.objects.create(
        member=member, team=world.bravo, role="constable", start_date=dt.date(2024, 1, 1)
    )


def test_posting_cannot_end_before_it_starts(world):
    member = f.MemberFactory(force=world.force)
    _refused(
        lambda: Posting.objects.create(
            member=member,
            team=world.alpha,
            role="pcso",
            start_date=dt.date(2024, 5, 2),
            end_date=dt.date(2024, 5, 1),
        )
    )


@pytest.mark.parametrize("fte", ["0", "1.01"])
def test_posting_fte_in_range(world, fte):
    member = f.MemberFactory(force=world.force)
    _refused(
        lambda: Posting.objects.create(
            member=member,
            team=world.alpha,
            role="pcso",
            start_date=dt.date(2024, 5, 2),
            fte=Decimal(fte),
        )
    )


def test_closed_priority_needs_closed_on_and_outcome(world):
    priority = f.PriorityFactory(neighbourhood=world.a1)
    priority.status = "closed"
    _refused(priority.save)
    priority.closed_on = dt.date(2025, 2, 1)
    _refused(priority.save)  # still no outcome
    priority.outcome = "resolved"
    priority.save()


def test_open_priority_cannot_carry_a_closing_date(world):
    _refused(
        lambda: Priority.objects.create(
            neighbourhood=world.a1,
            title="t",
            description="d",
            category="asb",
            source="meeting",
            set_by="public",
            date_set=dt.date(2025, 1, 1),
            closed_on=dt.date(2025, 1, 2),
        )
    )


def test_priority_cannot_close_before_it_was_set(world):
    _refused(
        lambda: Priority.objects.create(
            neighbourhood=world.a1,
            title="t",
            description="d",
            category="asb",
            source="meeting",
            set_by="public",
            date_set=dt.date(2025, 1, 10),
            status="closed",
            closed_on=dt.date(2025, 1, 9),
            outcome="resolved",
        )
    )


def test_closed_plan_needs_date_and_outcome(world):
    _refused(
        lambda: Plan.objects.create(
            neighbourhood=world.a1, title="p", stage="closed", opened_on=dt.date(2025, 1, 1)
        )
    )


def test_event_cannot_end_before_it_starts(world):
    import datetime

    from django.utils import timezone

    start = timezone.now()
    _refused(
        lambda: f.EventFactory(
            neighbourhood=world.a1, start=start, end=start - datetime.timedelta(minutes=1)
        )
    )


def test_contact_reply_cannot_precede_message(world):
    from django.utils import timezone

    now = timezone.now()
    _refused(
        lambda: f.PublicContactFactory(
            neighbourhood=world.a1,
            received_at=now,
            responded_at=now - dt.timedelta(hours=1),
        )
    )
