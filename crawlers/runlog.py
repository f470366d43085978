"""What one crawl of one source did, as it happens: pages, errors with samples, warnings; becomes the CrawlRun row."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("yuqing.crawlers.run")
MAX_SAMPLES = 20


@dataclass
class RunLog:
    """Counters and samples of one run; the store pipeline writes them into CrawlRun at the end."""

    source_key: str
    pages: int = 0
    errors: int = 0
    warnings: int = 0
    counts: Counter[str] = field(default_factory=Counter)  # new / duplicates / updated / merged / dropped ...
    samples: list[dict[str, Any]] = field(default_factory=list)
    run_id: int | None = None  # the CrawlRun row of this run
    stop_reason: str | None = None  # set when the source was stopped early (breaker, credentials)
    progress: Callable[[str], None] | None = None  # the runner prints one line per page

    def page(self, url: str, items: int, stream: str | None = None) -> None:
        """One list page parsed."""
        self.pages += 1
        if self.progress is not None:
            self.progress(f"[{self.source_key}] 第 {self.pages} 页 {items} 条 {stream or ''} {url}".rstrip())

    def error(self, kind: str, message: str, url: str | None = None) -> None:
        """A failure that cost data this run (a page given up on, an item rejected)."""
        self.errors += 1
        self._sample("error", kind, message, url)
        log.error("[%s] %s: %s %s", self.source_key, kind, message, url or "")

    def warn(self, kind: str, message: str, url: str | None = None) -> None:
        """Something odd that cost nothing (an unparseable time, a huge message, a retried page)."""
        self.warnings += 1
        self._sample("warning", kind, message, url)
        log.warning("[%s] %s: %s %s", self.source_key, kind, message, url or "")

    def count(self, what: str, n: int = 1) -> None:
        self.counts[what] += n

    def _sample(self, level: str, kind: str, message: str, url: str | None) -> None:
        self.counts[f"{level}:{kind}"] += 1
        if len(self.samples) < MAX_SAMPLES:
            self.samples.append({"level": level, "kind": kind, "message": message[:500], "url": url})
