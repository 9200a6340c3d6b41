"""``collector_paused``: no automatic garbage collection inside, the collector as it was after."""

import gc
import threading

import pytest

from npms.collector import collector_paused


def _allocate() -> list:
    return [{"n": i, "pair": [i, i]} for i in range(1000)]


def test_nothing_is_collected_inside_and_collection_resumes_after(gc_collections):
    _allocate()
    assert gc_collections, "the threshold of one starts collections outside"
    with collector_paused():
        before = len(gc_collections)  # counted inside: entering and leaving allocate too
        assert not gc.isenabled()
        _allocate()
        inside = len(gc_collections) - before
    assert inside == 0
    assert gc.isenabled()
    _allocate()
    assert gc_collections


def test_an_exception_resumes_collection(gc_collections):
    with pytest.raises(ZeroDivisionError), collector_paused():
        _allocate()
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_nested_and_threaded_blocks_resume_when_the_last_ends(gc_collections):
    inner_started, outer_may_end = threading.Event(), threading.Event()

    def other():
        with collector_paused():
            inner_started.set()
            outer_may_end.wait(10)

    thread = threading.Thread(target=other)
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()  # the nested block's end does not resume it
        thread.start()
        inner_started.wait(10)
    assert not gc.isenabled()  # the other thread's block still runs
    outer_may_end.set()
    thread.join(10)
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(gc_collections):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
