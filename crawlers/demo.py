"""`yuqing demo --once`: the sandbox on a free port, every sandbox source crawled once, classified, cases opened, a summary."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence

from sqlmodel import func, select

from crawlers.errors import SourceConfigError
from crawlers.run import Outcome, crawl, pad, table
from crawlers.sources import SANDBOX_ENV, load_specs
from models.tables import Case, Section
from tracker.db import session_scope
from tracker.settings import PACKAGE_ROOT
from tracker.setup import SourcesFile, init, load_sources, sync_sources
from tracker.timeutil import utcnow

BUNDLED_SOURCES = PACKAGE_ROOT / "crawlers" / "sources.toml"


def sandbox_sources() -> SourcesFile:
    """The bundled sources.toml's sandbox entries (present even when the operator's sources file has none)."""
    bundled = load_sources(BUNDLED_SOURCES)
    return SourcesFile(sources={k: e for k, e in bundled.sources.items() if (e.model_extra or {}).get("sandbox")})


def prepare() -> list[str]:
    """`init` (idempotent) and the sandbox Source rows; returns their keys."""
    init(now=utcnow())
    entries = sandbox_sources()
    with session_scope() as session:
        sync_sources(session, entries)
    return sorted(entries.sources)


def ledger_table() -> str:
    """Where the demo's cases went: open cases per section, and the office's triage queue (待分拣)."""
    with session_scope() as session:
        per_section = session.exec(select(Section.name, func.count(Case.id)).join(Case, Case.section_id == Section.id)
                                   .group_by(Section.name).order_by(func.count(Case.id).desc())).all()
        triage = session.exec(select(func.count(Case.id)).where(Case.status == "triage")).one()
        hot = session.exec(select(func.count(Case.id)).where(Case.is_hot == True)).one()  # noqa: E712
    head = pad("科室 section", 28) + pad("案件 cases", 12, True)
    lines = [head, "-" * len(head.encode("gbk", errors="replace"))]
    lines += [pad(name, 28) + pad(count, 12, True) for name, count in per_section]
    lines.append(pad("待分拣 triage", 28) + pad(triage, 12, True))
    if hot:
        lines.append(pad("其中 政务舆情 hot", 28) + pad(hot, 12, True))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawlers.demo", description=__doc__)
    parser.add_argument("--once", action="store_true", help="crawl once and exit (default: crawl, then keep serving)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.monotonic()
    from crawlers.sandbox import SandboxServer
    from crawlers.spiders import spider_class

    keys = prepare()
    server = SandboxServer(seed=args.seed, port=0, slow_seconds=0.2).start()
    os.environ[SANDBOX_ENV] = server.url
    print(f"沙盒已启动 SANDBOX {server.url}", flush=True)
    specs, skipped = [], []
    for spec in load_specs(keys):
        try:
            spider_class(spec.kind, spec.key)
            specs.append(spec)
        except SourceConfigError as exc:
            skipped.append(Outcome(spec.key, "skipped", note=str(exc)[:60]))
    outcomes = crawl(specs, progress=None) + skipped
    print(table(outcomes), flush=True)
    print(ledger_table(), flush=True)
    print(f"共 {sum(o.new for o in outcomes)} 条新留言，用时 {time.monotonic() - started:.1f} 秒。"
          f"用 `yuqing case list` 查看台账。", flush=True)
    if not args.once:
        print("沙盒继续运行，Ctrl-C 退出。", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    server.stop()
    return 0 if all(o.status in ("ok", "partial", "skipped") for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
