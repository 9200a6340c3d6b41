"""The demo logins: one per role plus a superuser, all with one known password.

The password is public by design (it is printed by ``seed_demo`` and ``demo_logins``), so the
demo must never be loaded into a production database; ``seed_demo`` refuses to run under the
production settings.
"""

import hashlib
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from accounts.models import Role, User

DEMO_PASSWORD = "midshire-demo-2008"

# username, role (None for the superuser), what the login is for.
DEMO_LOGINS: list[tuple[str, str | None, str]] = [
    ("admin", None, "superuser: Django admin and everything"),
    ("force_admin", Role.FORCE_ADMIN, "runs the force: settings, users, all data"),
    ("force_viewer", Role.FORCE_VIEWER, "reads the whole force"),
    ("bcu_commander", Role.BCU_COMMANDER, "BCU dashboard"),
    ("sergeant", Role.SERGEANT, "neighbourhood sergeant: logs the team's work"),
    ("officer", Role.OFFICER, "neighbourhood constable"),
    ("partner", Role.PARTNER, "partner organisation"),
    ("inspector", Role.INSPECTOR, "HMIC-style inspector: read-only plus inspections"),
]
DEMO_USERNAMES = [username for username, _, _ in DEMO_LOGINS]

# A password hash that matches no password ("!" prefix), for staff who have a user only so
# that plans and reviews have authors. Fixed, so that a seed is reproducible.
UNUSABLE_PASSWORD = "!npms-demo-no-login"


def demo_password_hash(username: str, seed: int) -> str:
    """The demo password hashed with a salt derived from the seed: reproducible data."""
    salt = hashlib.sha256(f"npms-demo:{seed}:{username}".encode()).hexdigest()[:24]
    return make_password(DEMO_PASSWORD, salt=salt)


@dataclass
class LoginRow:
    username: str
    role: str
    scope: str
    purpose: str


def describe_scope(user: User) -> str:
    """Where a demo login works, in words."""
    if user.is_superuser:
        return "everything"
    if user.role in (Role.FORCE_ADMIN, Role.FORCE_VIEWER, Role.INSPECTOR) and user.force:
        return user.force.name
    if user.role == Role.BCU_COMMANDER and user.bcu:
        return f"{user.bcu.name} BCU"
    if user.role in (Role.SERGEANT, Role.OFFICER) and user.team:
        member = getattr(user, "member", None)
        who = f" (as {member.rank} {member.name})" if member else ""
        return f"{user.team.name}{who}"
    if user.role == Role.PARTNER and user.partner:
        return user.partner.name
    return "-"


def demo_login_rows() -> list[LoginRow]:
    """The demo logins that exist in the database, in the order of DEMO_LOGINS."""
    users = {
        u.username: u
        for u in User.objects.filter(username__in=DEMO_USERNAMES).select_related(
            "force", "bcu", "team", "partner", "member"
        )
    }
    rows = []
    for username, role, purpose in DEMO_LOGINS:
        user = users.get(username)
        if user is None:
            continue
        rows.append(
            LoginRow(
                username=username,
                role="superuser" if role is None else str(role),
                scope=describe_scope(user),
                purpose=purpose,
            )
        )
    return rows


def format_login_table(rows: list[LoginRow]) -> str:
    header = ("username", "role", "scope", "for")
    table = [header] + [(r.username, r.role, r.scope, r.purpose) for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(3)]
    lines = []
    for n, row in enumerate(table):
        lines.append(
            "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3])) + "  " + row[3]
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * len(header[3]))
    lines.append("")
    lines.append(f"Password for every demo login: {DEMO_PASSWORD}")
    return "\n".join(lines)
