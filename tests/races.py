"""Two database connections racing, to drive a real constraint (or lock) past validation.

A test cannot stop a request between its validation and its INSERT, but it can let another
connection get there first: ``race`` writes a clashing row in the test's own connection, in a
transaction it keeps open, then runs the request in a second thread (its own connection).
That request's validation cannot see the uncommitted row, so it passes; its INSERT then waits
on the row (a unique or exclusion index, or a row lock); once PostgreSQL reports it waiting,
the first transaction commits and the request meets the constraint, as when two people press
Save at the same moment.

Tests using it need ``@pytest.mark.django_db(transaction=True)`` (the rows must really commit).
"""

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction


@dataclass
class Raced:
    """What the second request returned, and whether PostgreSQL saw it wait on the first."""

    value: Any
    waited: bool


def race(*, first: Callable[[], Any], second: Callable[[], Any], timeout: float = 20) -> Raced:
    """Run ``first`` in this connection and keep its transaction open; run ``second`` in
    another thread; commit ``first`` as soon as ``second`` waits on one of its locks (or has
    finished, or ``timeout`` seconds have passed). Return ``second``'s result; its exception
    is raised here."""
    outcome: dict[str, Any] = {}
    started = threading.Event()

    def run():
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                outcome["pid"] = cursor.fetchone()[0]
            started.set()
            outcome["value"] = second()
        except BaseException as error:  # handed to the test's thread below
            outcome["error"] = error
        finally:
            started.set()
            connection.close()

    waited = False
    with transaction.atomic():
        first()
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        started.wait(timeout)
        deadline = time.monotonic() + timeout
        while "pid" in outcome and thread.is_alive() and time.monotonic() < deadline:
            with connection.cursor() as cursor:
                cursor.execute("SELECT cardinality(pg_blocking_pids(%s))", [outcome["pid"]])
                if cursor.fetchone()[0]:
                    waited = True
                    break
            time.sleep(0.01)
    thread.join(timeout)
    if thread.is_alive():
        raise AssertionError("the second request did not finish")
    if "error" in outcome:
        raise outcome["error"]
    return Raced(value=outcome.get("value"), waited=waited)


def together(*calls: Callable[[], Any], timeout: float = 20) -> list[Any]:
    """Run ``calls`` at the same moment, each in its own thread and connection (released by a
    barrier); return their results in order."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index, call):
        try:
            barrier.wait(timeout)
            results[index] = call()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c), daemon=True) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    if errors:
        raise errors[0]
    return results
