"""Two API keys made at the same moment with the same identifier: the second meets the
database's unique ``prefix`` (its own check saw no such key, the first not yet committed). The
administrator gets a 400 saying to make the key again, through the API and on the page, not a
server error, and nothing of the second key is saved (issue 12 item 5).

A random 8-hex-digit prefix repeats too rarely to wait for, so ``APIKey.generate`` is made to
return the first key's prefix; the database, the constraint and the race are real."""

import pytest
from django.test import Client

from accounts.models import APIKey
from tests.races import race

pytestmark = pytest.mark.django_db(transaction=True)

PREFIX = "abcd1234"
MESSAGE = (
    "Another key was made with the same identifier at the same moment. Nothing was saved: "
    "make the key again."
)


@pytest.fixture
def same_prefix(monkeypatch):
    monkeypatch.setattr(
        APIKey, "generate", staticmethod(lambda: (f"npms_{PREFIX}_second", PREFIX, "f" * 64))
    )


def _first_key(world):
    def make():
        APIKey.objects.create(
            partner=world.council, name="First", prefix=PREFIX, hashed_key="e" * 64
        )

    return make


def test_api_second_key_is_a_400_and_saves_nothing(world, personas, same_prefix):
    client = Client()
    client.force_login(personas["force_admin"])

    raced = race(
        first=_first_key(world),
        second=lambda: client.post(
            "/api/v1/api-keys/",
            {"partner": world.council.pk, "name": "Second"},
            content_type="application/json",
        ),
    )

    assert raced.waited
    response = raced.value
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "status": 400,
            "code": "invalid",
            "message": MESSAGE,
            "fields": {"non_field_errors": [MESSAGE]},
        }
    }
    assert list(APIKey.objects.values_list("name", flat=True)) == ["First"]


def test_page_second_key_is_shown_on_the_form(world, personas, same_prefix):
    client = Client()
    client.force_login(personas["force_admin"])

    raced = race(
        first=_first_key(world),
        second=lambda: client.post(
            "/accounts/api-keys/", {"partner": world.council.pk, "name": "Second"}
        ),
    )

    assert raced.waited
    response = raced.value
    assert response.status_code == 200  # the page shows its form again, as for any refusal
    form = response.context["form"]
    assert form.non_field_errors() == [MESSAGE]
    assert form.data["name"] == "Second"
    assert response.context["new_key"] is None
    assert list(APIKey.objects.values_list("name", flat=True)) == ["First"]
