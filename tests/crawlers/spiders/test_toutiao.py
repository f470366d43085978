"""Toutiao: offset paging with the `comment` wrapper, bare ids above 2^53, replies with `total_count`, a malformed entry skipped."""

from __future__ import annotations

from crawlers.sandbox import SandboxServer
from crawlers.sources import SANDBOX_ENV
from tests.crawlers.conftest import NOW, crawl_to_manifest, last_run, recrawl_reads_only_new, run_crawl, stored
from tracker.timeutil import to_local

KEY, KIND = "sandbox_toutiao", "toutiao"


def test_every_comment_and_reply_is_collected_then_a_recrawl_reads_only_new_ones(sandbox):
    messages, store = crawl_to_manifest(sandbox, KEY, KIND)  # `id` is served as a bare JSON number > 2^53
    for cid, m in messages.items():
        entry = store.get(cid)
        assert (m.thread_id, m.extra.get("root_id"), m.author_name) == (entry.thread, entry.root, entry.author)
        assert to_local(m.created_at) == entry.created and m.created_at_precision == "second"
    assert any(m.extra.get("official") and m.parent_id for m in messages.values())  # the account's own answers
    scripted = [m for m in messages.values() if "alert(" in (m.text_raw or "")]
    assert scripted and all("<script" not in m.text and "alert" not in m.text for m in scripted)
    first = last_run(KEY)
    assert first.status == "ok" and any(s["kind"] == "malformed_item" for s in first.error_samples)  # the id-less entry
    recrawl_reads_only_new(sandbox, KEY, KIND)


def test_pages_given_up_on_are_read_again_by_the_next_run(crawl_db, monkeypatch):
    with SandboxServer(seed=3, now=NOW, faults=0.6, slow_seconds=0) as faulty:
        monkeypatch.setenv(SANDBOX_ENV, faulty.url)
        run_crawl(KEY, extra=("--set", "YUQING_MAX_RETRIES=1"))
        first = last_run(KEY)
        assert first.status == "partial" and first.errors
        assert set(stored(KEY)) < set(faulty.manifest()[KIND])  # what was stored is whole; nothing doubled
        assert run_crawl(KEY).returncode == 0
        assert set(stored(KEY)) == set(faulty.manifest()[KIND])
