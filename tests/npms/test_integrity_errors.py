"""What the user gets when the database refuses a write that validation let through
(``npms.integrity``, issue 12 item 5): a listed constraint is a 400 naming its field, an
unlisted one a 409 "conflicts with existing data" (and a warning in the log), a record that
vanished a 400 naming the field that pointed to it, a delete refused because other records
refer to it a 409 counting them; and a page that does not catch it shows a page saying so,
never a 500. The errors are real: raised by PostgreSQL on real rows."""

import datetime as dt
import logging

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.test import Client

from npms.exceptions import exception_handler
from priorities.models import Priority
from teams.models import Member, Neighbourhood
from tests import factories as f
from tests.races import race


def _refusal(write) -> Exception:
    """The exception PostgreSQL raises for ``write`` (constraints checked at once)."""
    with pytest.raises((IntegrityError, ProtectedError)) as caught, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        write()
    return caught.value


@pytest.mark.django_db
def test_listed_constraint_is_a_400_naming_its_field(world):
    f.MemberFactory(force=world.force, staff_number="N123")
    error = _refusal(lambda: Member.objects.create(force=world.force, staff_number="N123"))

    response = exception_handler(error, {})

    assert response.status_code == 400
    message = (
        "Another member of staff of this force already has this staff number. Someone may "
        "have saved it at the same moment: reload the page to see it."
    )
    assert response.data == {
        "error": {
            "status": 400,
            "code": "invalid",
            "message": f"staff_number: {message}",
            "fields": {"staff_number": [message]},
        }
    }


@pytest.mark.django_db
def test_unlisted_constraint_is_a_409_and_logged(caplog):
    Group.objects.create(name="Analysts")
    error = _refusal(lambda: Group.objects.create(name="Analysts"))

    with caplog.at_level(logging.WARNING, logger="npms.integrity"):
        response = exception_handler(error, {})

    assert response.status_code == 409
    assert response.data["error"]["code"] == "conflict"
    assert response.data["error"]["message"] == (
        "This could not be saved: it conflicts with data already saved (perhaps by someone at "
        "the same moment). Nothing was saved; reload the page and try again."
    )
    assert response.data["error"]["fields"] == {}
    (record,) = [r for r in caplog.records if r.name == "npms.integrity"]
    assert "auth_group_name_key" in record.getMessage()


@pytest.mark.django_db
def test_vanished_related_record_is_a_400_naming_the_field(world):
    # The neighbourhood chosen on the form was deleted before the save committed.
    error = _refusal(
        lambda: Priority.objects.create(
            neighbourhood_id=987654,
            title="Speeding",
            description="x",
            category="road_safety",
            source="meeting",
            set_by="public",
            date_set=dt.date(2025, 1, 1),
        )
    )

    response = exception_handler(error, {})

    assert response.status_code == 400
    assert response.data["error"]["fields"] == {
        "neighbourhood": [
            "The record chosen here no longer exists (someone may have just deleted it). "
            "Nothing was saved: reload the page and choose again."
        ]
    }


@pytest.mark.django_db
def test_protected_delete_is_a_409_counting_what_refers_to_it(world):
    f.PriorityFactory(neighbourhood=world.b1)
    f.PriorityFactory(neighbourhood=world.b1)
    f.PlanFactory(neighbourhood=world.b1)
    error = _refusal(lambda: Neighbourhood.objects.get(pk=world.b1.pk).delete())

    response = exception_handler(error, {})

    assert response.status_code == 409
    assert response.data["error"]["code"] == "protected"
    assert response.data["error"]["message"] == (
        "This cannot be deleted: 2 priorities and 1 plan still refer to it. Remove or move "
        "them first; nothing was deleted."
    )
    assert Neighbourhood.objects.filter(pk=world.b1.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_page_that_does_not_catch_it_shows_a_400_page_not_a_500(world, personas):
    """The admin's add form checks the staff number is free, then saves; a member saved
    meanwhile by someone else makes the database refuse it. The backstop
    (``IntegrityErrorMiddleware``) shows the message; the admin's transaction saved nothing."""
    client = Client()
    client.force_login(personas["superuser"])

    raced = race(
        first=lambda: Member.objects.create(force=world.force, staff_number="N7", name="Ann"),
        second=lambda: client.post(
            "/admin/teams/member/add/",
            {
                "force": world.force.pk,
                "staff_number": "N7",
                "name": "Bob",
                "rank": "",
                "bio": "",
                "contact_details": "{}",
            },
        ),
    )

    assert raced.waited
    response = raced.value
    assert response.status_code == 400
    page = response.content.decode()
    assert "This could not be saved" in page
    assert "Another member of staff of this force already has this staff number." in page
    assert list(Member.objects.values_list("name", flat=True)) == ["Ann"]
