"""`python -m crawlers.run SOURCE_KEY... | --all`: one crawl of each source, a progress line per page, a summary table."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from crawlers.sources import SourceSpec, load_specs
from models.tables import CrawlRun
from tracker.db import session_scope
from tracker.errors import YuqingError
from tracker.timeutil import to_utc

log = logging.getLogger("yuqing.crawlers.run")


@dataclass
class Outcome:
    """One source's result line."""

    key: str
    status: str
    pages: int = 0
    new: int = 0
    duplicates: int = 0
    updated: int = 0
    errors: int = 0
    note: str = ""
    deleted: int = 0


def _outcome(key: str, run_id: int | None, note: str = "") -> Outcome:
    if run_id is None:
        return Outcome(key, "failed", note=note or "没有运行 (did not start)")
    with session_scope() as session:
        run = session.get(CrawlRun, run_id)
        reason = (run.stats or {}).get("reason", "")
        return Outcome(key, run.status, run.pages, run.new, run.duplicates, run.updated, run.errors,
                       note or ("" if reason == "finished" else reason), int((run.stats or {}).get("deleted") or 0))


def crawl(specs: Sequence[SourceSpec], *, now: datetime | None = None, full: bool = False,
          overrides: dict[str, Any] | None = None, progress: Callable[[str], None] | None = print) -> list[Outcome]:
    """Crawl every spider source of `specs` once, concurrently, in this process (the reactor runs once per process)."""
    from scrapy.crawler import Crawler, CrawlerProcess

    from crawlers.settings import settings_for
    from crawlers.spiders import spider_class

    process = CrawlerProcess(settings_for(SourceSpec("_", "_", "_"), {"LOG_INSTALL_ROOT_HANDLER": False, **(overrides or {})}))
    # Scrapy sets its loggers to DEBUG ("Scraped from …" with the whole item, per item): LOG_LEVEL applies at the source,
    # so nothing below it is built, nor reaches whatever handler the caller installed
    logging.getLogger("scrapy").setLevel(process.settings.get("LOG_LEVEL"))
    crawlers: list[tuple[SourceSpec, Crawler]] = []
    for i, spec in enumerate(specs):
        crawler = Crawler(spider_class(spec.kind, spec.key), settings_for(spec, overrides), init_reactor=i == 0)
        crawlers.append((spec, crawler))
        process.crawl(crawler, spec=spec, now=now, full=full)
    if progress is not None:
        from scrapy import signals

        def attach(spider: Any) -> None:
            spider.runlog.progress = progress

        for _spec, crawler in crawlers:
            crawler.signals.connect(attach, signal=signals.spider_opened)
    from crawlers.pipelines.classify import preload_router

    if process.settings.get("ITEM_PIPELINES"):
        preload_router(process.settings.get("YUQING_ROUTER", "auto"))
    gc.collect()
    gc.freeze()  # what exists now lives as long as the crawl (modules, settings, a loaded model): spare it the GC's scans
    process.start()
    outcomes = []
    for spec, crawler in crawlers:
        spider = crawler.spider
        outcomes.append(_outcome(spec.key, getattr(getattr(spider, "runlog", None), "run_id", None)))
    return outcomes


def import_watched(specs: Sequence[SourceSpec], now: datetime) -> list[Outcome]:
    """Import-kind sources with a watched folder: each new file once."""
    outcomes: list[Outcome] = []
    if not specs:
        return outcomes
    from crawlers.importers import import_folder

    for spec in specs:
        if not spec.option("watch"):
            continue
        run_id = import_folder(spec, now=now)
        outcomes.append(_outcome(spec.key, run_id, "" if run_id else "没有新文件 (no new files)") if run_id else
                        Outcome(spec.key, "ok", note="没有新文件 (no new files)"))
    return outcomes


def pad(value: object, width: int, right: bool = False) -> str:
    """`value` padded to `width` terminal columns (a Chinese character takes two)."""
    text = str(value)
    fill = " " * max(width - sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text), 0)
    return fill + text if right else text + fill


def table(outcomes: Sequence[Outcome]) -> str:
    """The summary table printed at the end of a run."""
    numbers = ("页", "新增", "重复", "更新", "错误", "撤回")
    head = pad("来源 source", 28) + pad("状态", 10) + "".join(pad(n, 6, True) for n in numbers) + "  备注"
    lines = [head, "-" * len(head.encode("gbk", errors="replace"))]
    for o in outcomes:
        counts = (o.pages, o.new, o.duplicates, o.updated, o.errors, o.deleted)
        lines.append(pad(o.key, 28) + pad(o.status, 10) + "".join(pad(n, 6, True) for n in counts) + f"  {o.note}")
    return "\n".join(lines)


def _parse_set(values: Sequence[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for value in values:
        key, _, raw = value.partition("=")
        out[key.strip()] = raw.strip()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers.run", description=__doc__)
    parser.add_argument("sources", nargs="*", metavar="SOURCE_KEY")
    parser.add_argument("--all", action="store_true", help="every enabled source")
    parser.add_argument("--full", action="store_true", help="ignore the high-water marks (re-read everything)")
    parser.add_argument("--now", help="fetch clock, ISO time (tests)")
    parser.add_argument("--set", action="append", default=[], metavar="SETTING=VALUE", help="Scrapy setting override")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)
    if not args.all and not args.sources:
        parser.error("give SOURCE_KEY... or --all")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    now = to_utc(datetime.fromisoformat(args.now)) if args.now else None
    try:
        specs = load_specs(None if args.all else list(args.sources))
        spiders = [s for s in specs if not s.is_import]
        imports = [s for s in specs if s.is_import]
        outcomes = import_watched(imports, now or to_utc(datetime.now().astimezone()))
        if spiders:
            outcomes += crawl(spiders, now=now, full=args.full, overrides=_parse_set(args.set),
                              progress=None if args.quiet else lambda line: print(line, flush=True))
    except YuqingError as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return exc.exit_code
    print(table(outcomes), flush=True)
    return 0 if outcomes and all(o.status == "ok" for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
