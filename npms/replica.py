"""Reads from a PostgreSQL streaming replica (DESIGN.md section 10; issue 14 item 4).

With ``DATABASE_REPLICA_URL`` set, the settings add a ``replica`` database alias and
``ReplicaRouter``. The router sends a read to the replica only while ``replica_reads()`` is
active, which ``ReplicaReadsMiddleware`` does for GET and HEAD requests to the read-only
surfaces that tolerate a replica a moment behind: the dashboards and their exports
(``/dashboards/``, except a recompute job's progress page, which reads its own job), the
metric API (``/api/v1/metrics/``) and the public police.uk API (``/api/police-uk/``).

Everything else reads from ``default``: every other page and API (so a page shown after a
save reads what was saved), every POST, and, even on those surfaces, the models of sign-in and
bookkeeping (sessions, users, two-factor devices, lock-out records, access log), so a user who
has just signed in is never refused by a lagging replica. Writes always go to ``default``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections

REPLICA = "replica"
# The request paths whose GET/HEAD reads may come from the replica.
REPLICA_PREFIXES = ("/dashboards/", "/api/v1/metrics/", "/api/police-uk/")
# ...except these, which read rows written moments before (a recompute job's progress).
PRIMARY_PREFIXES = ("/dashboards/jobs/",)
# Apps whose rows the replica may serve: the domain data the dashboards and public API read.
REPLICA_APPS = frozenset(
    {"teams", "priorities", "engagement", "problemsolving", "dashboards", "inspections"}
)

_replica_reads: ContextVar[bool] = ContextVar("npms_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block, reads of the domain apps go to the replica (when one is set)."""
    token = _replica_reads.set(True)
    try:
        yield
    finally:
        _replica_reads.reset(token)


def reads_from_replica(path: str, method: str) -> bool:
    """True when a request for ``path`` with ``method`` may read from the replica."""
    return (
        method in ("GET", "HEAD")
        and path.startswith(REPLICA_PREFIXES)
        and not path.startswith(PRIMARY_PREFIXES)
    )


class ReplicaReadsMiddleware:
    """Turns on ``replica_reads()`` for the requests ``reads_from_replica`` allows."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if reads_from_replica(request.path, request.method):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)


class ReplicaRouter:
    """Reads of the domain apps inside ``replica_reads()`` go to the replica; all else (and
    every write, and every migration) to ``default``."""

    def db_for_read(self, model, **hints):
        if _replica_reads.get() and model._meta.app_label in REPLICA_APPS and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same database.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
