"""One demo login per role signs in with the printed password; demo_logins lists them."""

import io

import pytest
from django.core.management import call_command

from accounts.models import Role, User
from demo.logins import DEMO_LOGINS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_one_login_per_role_plus_a_superuser(short_demo):
    roles = sorted(str(role) for _, role, _ in DEMO_LOGINS if role is not None)
    assert roles == sorted(Role.values)
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff


@pytest.mark.parametrize("username", [username for username, _, _ in DEMO_LOGINS])
def test_each_demo_login_signs_in_with_the_printed_password(short_demo, client, username):
    assert DEMO_PASSWORD in short_demo.output
    # Through the sign-in form (django-axes needs the request that client.login() lacks).
    ok = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert ok.status_code == 302
    client.logout()
    bad = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD + "x"})
    assert bad.status_code == 200 and "_auth_user_id" not in client.session


def test_other_staff_accounts_cannot_sign_in(short_demo, client):
    # Every serving sergeant has an account so plans and reviews have authors; none of
    # them has a usable password.
    others = User.objects.filter(role=Role.SERGEANT).exclude(username="sergeant")
    assert others.count() >= 20
    assert not any(u.has_usable_password() for u in others)


def test_demo_logins_prints_the_table(short_demo):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for username, role, _ in DEMO_LOGINS:
        assert username in text
        assert (str(role) if role else "superuser") in text
    assert "Midchester City BCU" in text  # the BCU commander's scope
    assert "Midchester City Council" in text  # the partner's
    assert f"Password for every demo login: {DEMO_PASSWORD}" in text


def test_demo_sergeant_and_officer_are_linked_to_staff(short_demo):
    for username in ("sergeant", "officer"):
        user = User.objects.select_related("member").get(username=username)
        assert user.member.user_id == user.pk
        assert user.get_full_name() == user.member.name
