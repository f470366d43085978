"""The service: wires APScheduler 3.x to the job functions of tracker/jobs.py, with jobs kept in the database."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from tracker import jobs, queries
from tracker.db import session_scope
from tracker.logs import setup_logging
from tracker.settings import get_settings

log = logging.getLogger("yuqing.scheduler")
DEFAULT_CRAWL_EVERY = "*/30 * * * *"
JOB_TABLE = "apscheduler_jobs"


def build(blocking: bool = True) -> BaseScheduler:
    """A scheduler with the crawl job of every enabled source (cron from its `schedule`) and the deadline sweep."""
    settings = get_settings()
    cls = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = cls(
        jobstores={"default": SQLAlchemyJobStore(url=settings.db_url(), tablename=JOB_TABLE)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 600},
        timezone=settings.timezone,
    )
    with session_scope() as session:
        sources = [(s.key, (s.config or {}).get("schedule", DEFAULT_CRAWL_EVERY)) for s in queries.enabled_sources(session)]
    for key, cron in sources:
        scheduler.add_job(jobs.crawl_source, CronTrigger.from_crontab(cron, timezone=settings.timezone), args=[key],
                          id=f"crawl:{key}", name=f"crawl {key}", replace_existing=True)
    scheduler.add_job(jobs.sweep_deadlines, IntervalTrigger(minutes=15), id="sweep_deadlines", name="deadline sweep", replace_existing=True)
    return scheduler


def main(argv: Sequence[str] | None = None) -> int:
    """`python scheduler.py` runs the service; `--list` shows the jobs; `--once` runs the sweep once and exits."""
    parser = argparse.ArgumentParser(description="yuqing scheduler (APScheduler 3.x)")
    parser.add_argument("--list", action="store_true", help="print the jobs and exit")
    parser.add_argument("--once", action="store_true", help="run the deadline sweep once and exit")
    args = parser.parse_args(argv)
    setup_logging()
    if args.once:
        print(jobs.sweep_deadlines())
        return 0
    scheduler = build(blocking=not args.list)
    if args.list:
        scheduler.start(paused=True)
        for job in scheduler.get_jobs():
            print(f"{job.id}\t{job.trigger}\tnext: {job.next_run_time}")
        scheduler.shutdown(wait=False)
        return 0
    log.info("scheduler starting with %d jobs", len(scheduler.get_jobs()))
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
