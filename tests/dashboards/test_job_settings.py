"""The Celery settings that let a job survive a lost worker (issue 15, DESIGN.md section 8)."""

from npms.celery import app


def test_jobs_are_acknowledged_late_and_redelivered_only_after_their_time_limit():
    conf = app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    # Defaults: a job is killed after 30 minutes; Redis hands an unacknowledged task to another
    # worker after 35, so never while its first worker may still be running it.
    assert conf.task_time_limit == 30 * 60
    assert conf.broker_transport_options["visibility_timeout"] == 35 * 60
    assert conf.beat_schedule["recompute-jobs-stale"]["task"] == (
        "dashboards.recompute_jobs_fail_stale"
    )
