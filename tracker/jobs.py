"""The scheduled jobs: crawl a source (in a child process), sweep deadlines; scheduler.py only wires them."""

from __future__ import annotations

import logging
import subprocess
import sys
from datetime import datetime, timedelta

from tracker import queries
from tracker.db import session_scope
from tracker.status import CLOCK_LABELS
from tracker.timeutil import fmt_local, to_utc, utcnow

log = logging.getLogger(__name__)
CRAWL_TIMEOUT_S = 3600


def crawl_source(source_key: str, timeout: float = CRAWL_TIMEOUT_S) -> int:
    """Crawl one source in a child process (Twisted's reactor cannot restart here); returns its exit code, logs a failure."""
    cmd = [sys.executable, "-m", "crawlers.run", source_key]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        log.error("crawl of %s timed out after %ss (%s)", source_key, timeout, " ".join(cmd))
        return -1
    if proc.returncode != 0:
        log.error("crawl of %s failed with exit code %s: %s", source_key, proc.returncode, (proc.stderr or proc.stdout)[-2000:])
    else:
        log.info("crawl of %s finished: %s", source_key, (proc.stdout.strip().splitlines() or [""])[-1])
    return proc.returncode


def sweep_deadlines(now: datetime | None = None, warn_hours: int = 24) -> dict[str, int]:
    """Find running clocks that are overdue or due within `warn_hours`; log each one (notifications build on this)."""
    now = to_utc(now or utcnow())
    overdue = due_soon = 0
    with session_scope() as session:
        for case, clock in queries.open_clocks_due_before(session, now + timedelta(hours=warn_hours)):
            label = CLOCK_LABELS.get(clock.clock, clock.clock)
            if to_utc(clock.due_at) < now:
                overdue += 1
                log.warning("逾期 overdue: %s %s时限 %s", case.case_no, label, fmt_local(clock.due_at))
            else:
                due_soon += 1
                log.info("即将到期 due soon: %s %s时限 %s", case.case_no, label, fmt_local(clock.due_at))
    return {"overdue": overdue, "due_soon": due_soon}
