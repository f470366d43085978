"""Nothing lost, nothing doubled: a faulty sandbox retried as the service would, and a crawl killed with SIGKILL then re-run."""

from __future__ import annotations

import signal
import time

import pytest
from sqlmodel import func, select

from crawlers.sandbox import SandboxServer
from crawlers.sources import SANDBOX_ENV
from models.tables import Message
from tests.crawlers.conftest import NOW, run_crawl, sandbox_keys, stored
from tracker.db import session_scope

MAX_RERUNS = 6


def _assert_db_equals_manifest(server: SandboxServer, keys: dict[str, str]) -> None:
    manifest = server.manifest()
    for key, sandbox_key in keys.items():
        got = stored(key)
        assert set(got) == set(manifest[sandbox_key]), key
    with session_scope() as s:
        assert s.exec(select(func.count()).select_from(Message)).one() == sum(len(manifest[k]) for k in keys.values())


def test_with_faults_every_source_ends_equal_to_the_manifest(crawl_db, monkeypatch):
    keys = sandbox_keys()
    with SandboxServer(seed=5, faults=0.2, now=NOW, slow_seconds=0.05) as server:
        monkeypatch.setenv(SANDBOX_ENV, server.url)
        for _ in range(MAX_RERUNS):  # the service re-runs a source until a run ends clean
            if run_crawl(*keys).returncode == 0:
                break
        else:
            pytest.fail("no clean run within the bound")
        _assert_db_equals_manifest(server, keys)


def test_a_crawl_killed_halfway_then_rerun_ends_with_the_exact_set(crawl_db, monkeypatch):
    keys = sandbox_keys()
    with SandboxServer(seed=6, now=NOW, slow_seconds=0.3, faults=0.0) as server:
        monkeypatch.setenv(SANDBOX_ENV, server.url)
        halfway = sum(len(server.manifest()[k]) for k in keys.values()) // 2
        child = run_crawl(*keys, wait=False, extra=("--set", "YUQING_STORE_BATCH=5"))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and child.poll() is None:
            with session_scope() as s:
                if s.exec(select(func.count()).select_from(Message)).one() >= halfway:
                    break
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert child.returncode == -signal.SIGKILL, "the crawl ended before it could be killed halfway"
        result = run_crawl(*keys)
        assert result.returncode == 0, result.stdout[-2000:]
        _assert_db_equals_manifest(server, keys)
