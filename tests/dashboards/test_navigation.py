"""Every role's header links to the pages it may use, and every link it is given opens
(issue 13, navigation for every role; DESIGN.md section 7)."""

import re

import pytest

pytestmark = pytest.mark.django_db

LINK = re.compile(r'<a class="govuk-header__link" href="([^"]+)"[^>]*>([^<]+)</a>')


def menu(client) -> dict[str, str]:
    body = client.get("/", follow=True).content.decode()
    return {label: href for href, label in LINK.findall(body)}


@pytest.mark.parametrize(
    "persona,expected",
    [
        ("sergeant", {"My team", "Priorities", "Meetings", "Duty time", "Contacts"}),
        ("officer", {"My team", "Priorities", "Meetings", "Duty time", "Contacts"}),
        ("bcu_commander", {"BCU dashboard"}),
        ("force_viewer", {"Force dashboard"}),
        ("inspector", {"Force dashboard"}),
        ("force_admin", {"Force dashboard", "API keys"}),
        ("partner", {"Priorities", "API documentation"}),
    ],
)
def test_each_role_has_its_links_and_every_link_opens(client_for, world, persona, expected):
    client = client_for(persona)
    links = menu(client)
    assert expected <= set(links)
    for label, href in links.items():
        assert client.get(href).status_code == 200, (label, href)


def test_the_menu_points_at_the_callers_own_team_and_bcu(client_for, world):
    assert menu(client_for("sergeant"))["Duty time"] == f"/teams/{world.alpha.pk}/duty/"
    assert (
        menu(client_for("bcu_commander"))["BCU dashboard"] == f"/dashboards/bcu/{world.north.pk}/"
    )


def test_only_a_force_admin_gets_the_api_keys_page(client_for, world):
    assert "API keys" not in menu(client_for("force_viewer"))
    assert "API keys" not in menu(client_for("sergeant"))


def test_the_public_gets_no_menu(client, world):
    body = client.get("/accounts/login/").content.decode()
    assert LINK.findall(body) == []
