"""The page where force administrators make and revoke partners' API keys."""

import pytest

from accounts.models import APIKey

pytestmark = pytest.mark.django_db
PAGE = "/accounts/api-keys/"


@pytest.mark.parametrize(
    "persona, status",
    [
        ("force_admin", 200),
        ("outsider_admin", 200),
        ("superuser", 200),
        ("force_viewer", 403),
        ("bcu_commander", 403),
        ("sergeant", 403),
        ("officer", 403),
        ("partner", 403),
        ("inspector", 403),
    ],
)
def test_page_is_for_force_admins(client_for, persona, status):
    assert client_for(persona).get(PAGE).status_code == status


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_make_a_key_shows_it_once(client_for, world, keys, django_assert_num_queries):
    client = client_for("force_admin")
    response = client.post(
        PAGE, {"partner": world.council.pk, "name": "Housing system", "expires_on": "31/12/2099"}
    )
    assert response.status_code == 200
    key = APIKey.objects.get(name="Housing system")
    raw = response.context["new_key"]["raw"]
    assert APIKey.hash(raw) == key.hashed_key
    assert raw.encode() in response.content
    assert key.expires_at.date().isoformat() == "2099-12-31"
    # The list shows the prefix only; the key itself never again.
    # Queries: session, user, the key list (with partner and maker, 1), the partner choices
    # (Django's choice iterator: a COUNT and the rows, 2) = 5, however many keys.
    with django_assert_num_queries(5):
        again = client.get(PAGE)
    assert raw.encode() not in again.content
    assert f"npms_{key.prefix}_".encode() in again.content


def test_bad_input_names_the_field(client_for, world):
    response = client_for("force_admin").post(
        PAGE, {"partner": world.council.pk, "name": "", "expires_on": "01/01/2000"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "name" in form.errors
    assert not APIKey.objects.filter(partner=world.council, name="").exists()


def test_revoke(client_for, keys):
    key = keys["objects"]["active"]
    response = client_for("force_admin").post(f"/accounts/api-keys/{key.pk}/revoke/")
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None


def test_revoke_another_forces_key_is_404(client_for, keys):
    key = keys["objects"]["active"]
    assert (
        client_for("outsider_admin").post(f"/accounts/api-keys/{key.pk}/revoke/").status_code == 404
    )
    key.refresh_from_db()
    assert key.revoked_at is None


def test_a_partners_choice_is_limited_to_the_force(client_for, world, keys):
    response = client_for("outsider_admin").post(
        PAGE, {"partner": world.council.pk, "name": "Sneaky"}
    )
    assert "partner" in response.context["form"].errors
    assert not APIKey.objects.filter(name="Sneaky").exists()
