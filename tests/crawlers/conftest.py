"""Crawler test fixtures: the sandbox sources in a fresh SQLite DB, a pinned-clock sandbox, and a crawl run as a child process."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import select

from crawlers.demo import sandbox_sources
from crawlers.sandbox import SandboxServer
from crawlers.sources import SANDBOX_ENV
from models.tables import CrawlRun, Message, Source
from tracker.db import session_scope
from tracker.setup import sync_sources
from tracker.timeutil import SHANGHAI

NOW = datetime(2024, 3, 14, 15, 30, 0, tzinfo=SHANGHAI)
ROOT = Path(__file__).resolve().parents[2]
FAKE_ROUTER = "tests.crawlers.fakes:router"


@pytest.fixture
def crawl_db(sqlite_db: str) -> str:
    """A migrated SQLite DB holding the bundled sandbox sources (keys sandbox_<kind>)."""
    with session_scope() as session:
        sync_sources(session, sandbox_sources())
    return sqlite_db


@pytest.fixture
def sandbox(crawl_db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[SandboxServer]:
    """A fault-free sandbox whose clock is pinned to NOW; sandbox sources point at it."""
    with SandboxServer(seed=3, now=NOW, slow_seconds=0) as server:
        monkeypatch.setenv(SANDBOX_ENV, server.url)
        yield server


def run_crawl(*keys: str, now: datetime = NOW, router: str = FAKE_ROUTER, extra: tuple[str, ...] = (),
              wait: bool = True, quiet: bool = True) -> subprocess.CompletedProcess | subprocess.Popen:
    """`python -m crawlers.run KEYS` in a child process (the reactor runs once per process), fast retries, a fake router."""
    args = [sys.executable, "-m", "crawlers.run", *keys, "--now", now.isoformat(), *(["--quiet"] if quiet else []),
            "--set", f"YUQING_ROUTER={router}", "--set", "YUQING_BACKOFF_BASE=0", "--set", "LOG_LEVEL=ERROR", *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if not wait:
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def stored(key: str) -> dict[str, Message]:
    """The stored messages of a source, by external id."""
    with session_scope() as session:
        source = session.exec(select(Source).where(Source.key == key)).one()
        rows = session.exec(select(Message).where(Message.source_id == source.id)).all()
        for row in rows:
            session.expunge(row)
        return {m.external_id: m for m in rows}


def last_run(key: str) -> CrawlRun:
    """The newest CrawlRun of a source."""
    with session_scope() as session:
        source = session.exec(select(Source).where(Source.key == key)).one()
        run = session.exec(select(CrawlRun).where(CrawlRun.source_id == source.id).order_by(CrawlRun.id.desc())).first()
        session.expunge(run)
        return run


def sandbox_keys() -> dict[str, str]:
    """sources.toml key -> sandbox manifest key, for every sandbox source whose kind has a spider."""
    from crawlers.errors import SourceConfigError
    from crawlers.spiders import spider_class

    out = {}
    for key, entry in sandbox_sources().sources.items():
        try:
            spider_class(entry.kind)
        except SourceConfigError:
            continue
        out[key] = str((entry.model_extra or {})["sandbox"])
    return out


def reconfigure(key: str, **options: object) -> None:
    """Change a source's config (as editing sources.toml and `yuqing init` would)."""
    with session_scope() as session:
        source = session.exec(select(Source).where(Source.key == key)).one()
        source.config = {**(source.config or {}), **options}
        session.add(source)


def crawl_to_manifest(sandbox, key: str, kind: str):
    """Crawl `key` once: the run must succeed and store exactly the sandbox's manifest of `kind`; returns (messages, store)."""
    result = run_crawl(key)
    assert result.returncode == 0, result.stdout + result.stderr
    messages, store = stored(key), sandbox.sources[kind].store
    assert set(messages) == set(sandbox.manifest()[kind])
    return messages, store


def recrawl_reads_only_new(sandbox, key: str, kind: str, grow: int = 2) -> CrawlRun:
    """The sandbox publishes `grow` more; the next run stores exactly those, reads fewer pages, and the DB equals the manifest."""
    first = last_run(key)
    sandbox.grow(grow)
    assert run_crawl(key).returncode == 0
    second = last_run(key)
    assert second.new == grow and second.pages < first.pages
    assert set(stored(key)) == set(sandbox.manifest()[kind])
    return second
