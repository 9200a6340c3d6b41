"""The public API's cache, invalidated by the writes (DESIGN.md section 9: "a change to public
data shows at once").

Every cached answer's key carries the current *public data version*; any save or delete of a
model the public API shows (forces, neighbourhoods, teams and their postings, members, events,
priorities and their reviews) moves the version on, so the next request misses the cache and
reads the new data, and the old entries simply expire. One version for the whole deployment:
public writes are rare next to public reads, and a single number cannot be forgotten by a
model that shows up in several answers.
"""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

CACHE_PREFIX = "policeuk:v1:"
VERSION_KEY = "policeuk:public-data-version"


def public_data_version() -> int:
    """The current version (0 until the first change, or while the cache is unreachable)."""
    return cache.get(VERSION_KEY) or 0


def answer_key(path: str) -> str:
    """The cache key of the answer to ``path`` (its full path, query string included)."""
    return f"{CACHE_PREFIX}{public_data_version()}:{path}"


def public_data_changed(**_kwargs) -> None:
    """Move the version on (a signal receiver; safe to call at any time)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or it expired): start one that never expires
        cache.set(VERSION_KEY, public_data_version() + 1, None)


def connect_signals() -> None:
    """Called once from ``PoliceUkConfig.ready``."""
    from engagement.models import Event
    from priorities.models import Priority, PriorityReview
    from teams.models import BCU, Force, Member, Neighbourhood, Posting, Team

    for model in (
        Force,
        BCU,
        Neighbourhood,
        Team,
        Member,
        Posting,
        Event,
        Priority,
        PriorityReview,
    ):
        uid = f"policeuk-cache-{model._meta.label_lower}"
        post_save.connect(public_data_changed, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(public_data_changed, sender=model, dispatch_uid=uid + "-delete")
    m2m_changed.connect(
        public_data_changed,
        sender=Team.neighbourhoods.through,
        dispatch_uid="policeuk-cache-team-neighbourhoods",
    )
