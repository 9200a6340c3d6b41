"""A member's records for one day never pass 24 hours, even when two saves race (DESIGN.md
section 3, DutyRecord): the services lock the member's row (SELECT ... FOR UPDATE) before they
add up the day, so the second save waits for the first and sees its hours.

Two threads, two database connections, real commits (``transaction=True``). Thread A saves 16 h
inside a transaction it holds open; thread B tries 16 h more for the same day meanwhile. With
the lock B waits for A's commit, then sees 16 h and is refused (16 + 16 > 24). Without it B
would read 0 h (A's row not yet committed) and save: 32 hours in a day."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum

from teams.models import DutyRecord
from teams.services import duty_day_replace, duty_record_create
from tests import factories as f

DAY = dt.date(2025, 3, 3)


def _in_thread(target, results, key):
    def run():
        try:
            results[key] = target()
        except Exception as error:  # noqa: BLE001 - the test inspects what each save raised
            results[key] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _race(first, second):
    """Run ``first`` in a transaction held open until ``second`` (another thread) has had time
    to reach the lock; return {"a": result, "b": result, "b_waited": bool}."""
    results: dict = {}
    saved, release = threading.Event(), threading.Event()

    def hold_open():
        with transaction.atomic():
            out = first()
            saved.set()
            release.wait(10)
        return out

    thread_a = _in_thread(hold_open, results, "a")
    assert saved.wait(10)
    thread_b = _in_thread(second, results, "b")
    thread_b.join(1.0)  # B is blocked on the member's row while A's transaction is open
    results["b_waited"] = thread_b.is_alive()
    release.set()
    thread_a.join(10)
    thread_b.join(10)
    return results


@pytest.fixture
def member(transactional_db):
    team = f.TeamFactory()
    posting = f.PostingFactory(team=team, role="constable", start_date=dt.date(2024, 1, 1))
    return posting.member, team


def _day_total(member):
    return DutyRecord.objects.filter(member=member, date=DAY).aggregate(t=Sum("hours"))["t"]


@pytest.mark.django_db(transaction=True)
def test_two_racing_creates_stay_within_24_hours(member):
    member, team = member

    def save():
        return duty_record_create(member=member, team=team, date=DAY, hours=16, activity="patrol")

    results = _race(save, save)
    # 16 h saved, not 32.
    assert _day_total(member) == Decimal("16.00")
    assert isinstance(results["a"], DutyRecord)
    assert results["b_waited"] is True
    assert isinstance(results["b"], ValidationError)
    assert "hours" in results["b"].message_dict


@pytest.mark.django_db(transaction=True)
def test_a_create_racing_a_day_replace_stays_within_24_hours(member):
    member, team = member

    def replace():
        return duty_day_replace(
            member=member,
            team=team,
            date=DAY,
            entries=[
                {"activity": "patrol", "hours": "10"},
                {"activity": "engagement", "hours": "6"},
            ],
        )

    def create():
        return duty_record_create(
            member=member, team=team, date=DAY, hours=9, activity="response_cover"
        )

    results = _race(replace, create)
    # 10 + 6 = 16 saved by the grid; 16 + 9 = 25 > 24: the create is refused.
    assert _day_total(member) == Decimal("16.00")
    assert results["b_waited"] is True
    assert isinstance(results["b"], ValidationError)
