"""The public API's cache, invalidated by the writes (DESIGN.md section 9: "a change to public
data shows at once").

Every cached answer is stored with the *public data version* it was built from; any save or
delete of a model the public API shows (forces, neighbourhoods, teams and their postings,
members, events, priorities and their reviews) moves the version on, so the next request finds
a stale answer, builds the new one and stores it over the old. One version for the whole
deployment: public writes are rare next to public reads, and a single number cannot be
forgotten by a model that shows up in several answers.

The version and the answer are read together (one MGET, one Redis round trip per cached
answer; issue 15), not the version first and then an answer under a key that names it.
"""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

# v2: the value is (version, answer); v1 keys named the version and held the answer alone.
CACHE_PREFIX = "policeuk:v2:"
VERSION_KEY = "policeuk:public-data-version"


def public_data_version() -> int:
    """The current version (0 until the first change, or while the cache is unreachable)."""
    return cache.get(VERSION_KEY) or 0


def answer_key(path: str) -> str:
    """The cache key of the answer to ``path`` (its full path, query string included)."""
    return f"{CACHE_PREFIX}{path}"


def answer_cached(path: str) -> tuple[object | None, int]:
    """``(answer, version)``: the cached answer to ``path`` if it was built from the current
    public data version (else None), and that version, to store a new answer with. One
    cache round trip; (None, 0) while the cache is unreachable."""
    key = answer_key(path)
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or 0
    stored = found.get(key)
    if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == version:
        return stored[1], version
    return None, version


def answer_store(path: str, *, version: int, answer: object, timeout: int) -> None:
    """Cache ``answer`` to ``path`` as built from public data ``version`` (from
    ``answer_cached``, read before the answer was built: a change meanwhile moves the version
    on, so the next reader does not take this answer for current)."""
    cache.set(answer_key(path), (version, answer), timeout)


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
