"""The service wires a crawl job per enabled source and the deadline sweep, kept in the database; the sweep finds overdue clocks."""

from __future__ import annotations

import logging

import scheduler
from tests.factories import ensure_source, local, open_case
from tracker import jobs


def test_scheduler_has_a_crawl_job_per_enabled_source_and_the_sweep(sqlite_db):
    ensure_source("weibo")
    ensure_source("hotline")
    sched = scheduler.build(blocking=False)
    sched.start(paused=True)
    try:
        assert sorted(j.id for j in sched.get_jobs()) == ["crawl:hotline", "crawl:weibo", "sweep_deadlines"]
    finally:
        sched.shutdown(wait=False)


def test_sweep_reports_overdue_and_due_soon_clocks(sqlite_db, caplog):
    open_case("weibo", received=local(2026, 3, 2, 9))  # acknowledge due 03-03, first response 03-04
    with caplog.at_level(logging.INFO, logger="tracker.jobs"):
        result = jobs.sweep_deadlines(now=local(2026, 3, 4, 9))
    assert result == {"overdue": 1, "due_soon": 1}
    assert any("逾期" in r.message for r in caplog.records)
