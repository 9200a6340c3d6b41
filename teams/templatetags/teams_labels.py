"""Labels for team codes in templates: a posting role code as people write it ("PCSO", not
the "Pcso" that ``capfirst`` makes of "pcso")."""

from django import template

from teams.models import PostingRole

register = template.Library()

ROLE_LABELS = dict(PostingRole.choices)


@register.filter
def posting_role(code: str | None) -> str:
    """``"pcso"`` -> ``"PCSO"``, ``"constable"`` -> ``"Constable"``; an unknown code (e.g.
    "unposted") is shown with its first letter capitalised."""
    if not code:
        return ""
    return ROLE_LABELS.get(code, code[:1].upper() + code[1:])
