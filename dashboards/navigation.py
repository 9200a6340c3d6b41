"""The header navigation: every role's links to the pages it may use (DESIGN.md section 7,
"every role's home links to the pages it may use").

A context processor, so every page shows the same menu. It lives in ``dashboards`` because the
menu gathers pages of several apps; it links by URL name only and skips a page whose URL is not
installed, so it imports no higher app. The roles' rights come from ``npms.scope.Scope``.
"""

from django.urls import NoReverseMatch, reverse

from npms.scope import FORCE_ADMIN, Scope


def _link(label: str, name: str, *args) -> tuple[str, str] | None:
    try:
        return (label, reverse(name, args=args))
    except NoReverseMatch:
        return None


def menu_for(scope: Scope) -> list[tuple[str, str]]:
    """(label, address) pairs, in the order they are shown, for the caller's role."""
    links: list[tuple[str, str] | None] = []
    if scope.in_team and scope.team_id:
        team = scope.team_id
        links += [
            ("My team", "/"),
            _link("Priorities", "priorities:list", team),
            _link("Meetings", "engagement:meeting_list", team),
            _link("Duty time", "teams:duty_week", team),
            _link("Contacts", "engagement:contact_list", team),
            _link("Key individuals", "engagement:kin_list", team),
            _link("Plans", "problemsolving:library"),
        ]
    elif scope.is_bcu_commander and scope.bcu_id:
        links += [
            _link("BCU dashboard", "dashboards:bcu", scope.bcu_id),
            _link("Plans", "problemsolving:library"),
            _link("Inspections", "inspections:list"),
        ]
    elif scope.force_wide and scope.force_id:
        links += [
            _link("Force dashboard", "dashboards:force", scope.force_id),
            _link("Plans", "problemsolving:library"),
            _link("Inspections", "inspections:list"),
        ]
        if scope.has_role(FORCE_ADMIN):
            links += [_link("API keys", "api_keys"), _link("Access log", "audit:log")]
    elif scope.is_partner:
        links += [
            ("Priorities", "/"),
            _link("Plans", "problemsolving:library"),
            _link("API documentation", "api-docs"),
        ]
    elif scope.superuser:
        links += [
            ("Teams", "/"),
            _link("Plans", "problemsolving:library"),
            _link("Inspections", "inspections:list"),
            _link("API keys", "api_keys"),
            _link("Access log", "audit:log"),
            _link("Admin", "admin:index"),
        ]
    return [link for link in links if link is not None]


def navigation(request) -> dict:
    """Context processor: ``nav_links`` for the signed-in user, empty for the public."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_links": []}
    return {"nav_links": menu_for(Scope.of(user))}
