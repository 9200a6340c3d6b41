"""The snapshot job computes and writes with Python's cyclic garbage collector paused
(``npms.collector``): on the Met-size force its collections took about 0.2 s of a 1.1 s job,
holding the interpreter lock the job's threads share, and found next to nothing (issue 14)."""

import datetime as dt
import gc

import pytest

from dashboards import services

pytestmark = pytest.mark.django_db(transaction=True)  # the halves in threads, as in a worker

TODAY = dt.date(2025, 7, 1)


def test_no_collection_while_the_job_computes_and_writes(world, gc_collections, monkeypatch):
    during: dict[str, int] = {}

    def counted(name):
        real = getattr(services, name)

        def call(*args, **kwargs):
            before = len(gc_collections)
            try:
                return real(*args, **kwargs)
            finally:
                during[name] = during.get(name, 0) + len(gc_collections) - before

        monkeypatch.setattr(services, name, call)

    for name in (
        "abstraction_one_pass",
        "metrics_levels",
        "_trend_snapshots_insert",
        "_metric_snapshots_insert",
    ):
        counted(name)
    # 9 scopes x 18 figures, as in test_snapshot_jobs.py.
    assert services.snapshot_nightly(today=TODAY) == 162
    assert set(during) == {
        "abstraction_one_pass",
        "metrics_levels",
        "_trend_snapshots_insert",
        "_metric_snapshots_insert",
    }
    assert during == dict.fromkeys(during, 0)
    assert gc.isenabled()
    gc_collections.clear()
    [{"pair": [n, n]} for n in range(1000)]  # more than the free lists hold
    assert gc_collections, "collection resumes after the job"
