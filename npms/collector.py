"""Python's cyclic garbage collector paused around a bounded, allocation-heavy computation.

The nightly snapshot job builds hundreds of thousands of small dicts, lists and tuples (the
figures of every scope, period and trend week). Each 700 allocations of such containers start a
collection of the youngest generation, and every so often one of all of them, which walks every
object the worker holds (Django, the loaded modules, the figures): on the Met-size force about
0.2 s of a 1.1 s job, holding the interpreter lock that the job's threads share, and finding
almost nothing (the figures hold no reference cycles; 32 objects over a whole night). Paused,
the job's memory is the same (``bench/RESULTS.md``); reference counting still frees everything
as soon as it is dropped, and the collector resumes after the job with whatever was left.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_lock = threading.Lock()
_holders = 0
_resume = False


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause automatic garbage collection for the block (the whole process: the collector is
    global). Nestable and thread-safe: collection resumes when the last block ends, and only if
    it was on when the first began; an exception in the block resumes it too."""
    global _holders, _resume
    with _lock:
        if _holders == 0:
            _resume = gc.isenabled()
            gc.disable()
        _holders += 1
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _resume:
                gc.enable()
