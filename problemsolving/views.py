"""Problem-solving pages.

``priority_plans`` is the list of a priority's plans shown on the priority page (loaded with
htmx, so the priorities app, which sits below this one, never reads plans itself, DESIGN.md
section 1). Every plan comes through ``plans_visible``: a partner never sees the title of a
plan it is not part of.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from npms.scope import Scope
from problemsolving.selectors import plans_visible


@login_required
def priority_plans(request, priority_id: int):
    """The caller's visible plans serving one priority (an empty list for an unknown or
    invisible priority: it shows nothing either way)."""
    plans = (
        plans_visible(Scope.of(request.user))
        .filter(priority_id=priority_id)
        .order_by("-opened_on", "-id")
    )
    return render(request, "problemsolving/_priority_plans.html", {"plans": plans})
