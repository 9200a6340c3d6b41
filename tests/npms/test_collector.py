"""``collector_paused``: no automatic garbage collection inside, the collector as it was after."""

import gc
import threading

import pytest

from npms.collector import collector_paused


@pytest.fixture
def collections():
    """The generations of the collections that run while the test does, with a threshold of
    one allocation, so that any allocation of a container would start one."""
    seen: list[int] = []

    def note(phase, info):
        if phase == "start":
            seen.append(info["generation"])

    threshold, enabled = gc.get_threshold(), gc.isenabled()
    gc.enable()
    gc.set_threshold(1, 1, 1)
    gc.callbacks.append(note)
    try:
        yield seen
    finally:
        gc.callbacks.remove(note)
        gc.set_threshold(*threshold)
        (gc.enable if enabled else gc.disable)()


def _allocate() -> list:
    return [{"n": i, "pair": [i, i]} for i in range(1000)]


def test_nothing_is_collected_inside_and_collection_resumes_after(collections):
    _allocate()
    assert collections, "the threshold of one starts collections outside"
    with collector_paused():
        before = len(collections)  # counted inside: entering and leaving allocate too
        assert not gc.isenabled()
        _allocate()
        inside = len(collections) - before
    assert inside == 0
    assert gc.isenabled()
    _allocate()
    assert collections


def test_an_exception_resumes_collection(collections):
    with pytest.raises(ZeroDivisionError), collector_paused():
        _allocate()
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_nested_and_threaded_blocks_resume_when_the_last_ends(collections):
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


def test_a_collector_that_was_off_stays_off(collections):
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
