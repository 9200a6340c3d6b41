"""The key individual network list (issue 4, item 6): the team's eyes only."""

import pytest

from engagement.models import KeyIndividual
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(world, suffix=""):
    return f"/engagement/teams/{world.alpha.pk}/kin/{suffix}"


@pytest.mark.parametrize(
    "persona,status",
    [
        ("sergeant", 200),
        ("officer", 200),
        ("superuser", 200),
        # Personal data: not even the BCU commander or force roles outside the team.
        ("bcu_commander", 404),
        ("force_admin", 404),
        ("inspector", 404),
        ("other_sergeant", 404),
        ("partner", 404),
        ("outsider_admin", 404),
    ],
)
def test_scope(client_for, world, persona, status):
    assert client_for(persona).get(url(world)).status_code == status
    assert client_for(persona).get(url(world, "new/")).status_code == status


def test_list_in_a_fixed_number_of_queries(client_for, world, django_assert_num_queries):
    f.KeyIndividualFactory(neighbourhood=world.a1, name="Mrs Patel", telephone="01234 567890")
    f.KeyIndividualFactory(neighbourhood=world.a2, name="Mr Jones", team=world.alpha)
    f.KeyIndividualFactory(neighbourhood=world.b1, name="Bravo's key individual")
    client = client_for("sergeant")
    # 1 session, 2 user, 3 team, 4 key individuals (+neighbourhood), 5 the access-log row.
    with django_assert_num_queries(5):
        response = client.get(url(world))
    body = response.content.decode()
    assert "Mrs Patel" in body and "Mr Jones" in body
    assert "Bravo&#x27;s key individual" not in body


def test_add_needs_a_way_to_reach_them(client_for, world):
    client = client_for("officer")
    response = client.post(url(world, "new/"), {"neighbourhood": world.a1.pk, "name": "Mr Lee"})
    assert 'id="id_telephone-error"' in response.content.decode()
    assert 'value="Mr Lee"' in response.content.decode()
    response = client.post(
        url(world, "new/"),
        {"neighbourhood": world.a1.pk, "name": "Mr Lee", "telephone": "07700 900123"},
    )
    assert response.status_code == 302
    assert KeyIndividual.objects.get().team == world.alpha
