"""End-to-end crawl throughput on the sandbox: items/s of crawl -> classify -> store (SQLite) vs a bare spider on the same pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def child(mode: str) -> None:
    """One measured crawl of every sandbox source in this (fresh) process; prints {"items", "seconds"} as JSON."""
    from scrapy import signals

    from crawlers import run as run_mod
    from crawlers.demo import prepare
    from crawlers.errors import SourceConfigError
    from crawlers.pipelines.classify import load_router
    from crawlers.sandbox import SandboxServer
    from crawlers.sources import SANDBOX_ENV, load_specs
    from crawlers.spiders import spider_class

    keys = prepare()
    server = SandboxServer(seed=11, port=0, slow_seconds=0).start()
    os.environ[SANDBOX_ENV] = server.url
    specs = []
    for spec in load_specs(keys):
        try:
            spider_class(spec.kind, spec.key)
            specs.append(spec)
        except SourceConfigError:
            pass
    overrides: dict = {"YUQING_BACKOFF_BASE": 0, "LOG_LEVEL": "ERROR"}
    if mode == "bare":
        overrides["ITEM_PIPELINES"] = {}
    else:
        load_router("auto")  # train/load the model before the clock starts (it is loaded once per process)
    counted = {"items": 0}

    def on_item(**_: object) -> None:
        counted["items"] += 1
    original = run_mod.crawl

    def crawl_counting(specs, **kw):
        from scrapy.crawler import Crawler

        real_init = Crawler.__init__

        def init(self, *a, **k):
            real_init(self, *a, **k)
            self.signals.connect(on_item, signal=signals.item_scraped)

        Crawler.__init__ = init
        try:
            return original(specs, **kw)
        finally:
            Crawler.__init__ = real_init

    started, cpu = time.perf_counter(), time.process_time()
    crawl_counting(specs, overrides=overrides, progress=None)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    server.stop()
    print(json.dumps({"items": counted["items"], "seconds": seconds, "cpu": cpu, "sources": len(specs)}))


def measure(mode: str, data_dir: Path) -> dict:
    env = {**os.environ, "YUQING_DATA_DIR": str(data_dir), "YUQING_DATABASE_URL": f"sqlite:///{data_dir / 'bench.db'}",
           "YUQING_SOURCES_FILE": str(data_dir / "none.toml"), "YUQING_MODEL_DIR": str(data_dir.parent / "models"),
           "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, __file__, "--child", mode], env=env, capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="yuqing-bench-") as tmp:
        base = Path(tmp)
        bare = measure("bare", base / "bare")
        full = measure("full", base / "full")
    bare_rate, full_rate = bare["items"] / bare["seconds"], full["items"] / full["seconds"]
    print(f"sources: {full['sources']}  items: bare {bare['items']}, end-to-end {full['items']}")
    print(f"bare spider (no pipeline):              {bare_rate:8.1f} items/s  ({bare['seconds']:.2f} s)")
    print(f"end-to-end (crawl->classify->store):    {full_rate:8.1f} items/s  ({full['seconds']:.2f} s)")
    print(f"ratio end-to-end / bare: {full_rate / bare_rate:.2f}  (goal >= 0.5)"
          f"   [CPU s: bare {bare['cpu']:.2f}, end-to-end {full['cpu']:.2f}]")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        for name in ("bare", "full"):
            (Path(os.environ["YUQING_DATA_DIR"])).mkdir(parents=True, exist_ok=True)
        child(sys.argv[2])
    else:
        sys.exit(main())
