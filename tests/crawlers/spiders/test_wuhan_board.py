"""武汉城市留言板: form-POST list pages with previews, full text and answers (with 追问/评价) from the detail, sporadic 502."""

from __future__ import annotations

from crawlers.sandbox import SandboxServer
from crawlers.sources import SANDBOX_ENV
from tests.crawlers.conftest import NOW, crawl_to_manifest, last_run, recrawl_reads_only_new, run_crawl, stored
from tracker.timeutil import to_local

KEY, KIND = "sandbox_wuhan_board", "wuhan_board"


def test_every_letter_is_collected_in_full_then_a_recrawl_reads_only_new_ones(sandbox):
    messages, store = crawl_to_manifest(sandbox, KEY, KIND)
    for eid, m in messages.items():
        entry = store.get(eid)
        assert not m.is_truncated and m.text.replace("\n", "") == entry.text.replace("\n", "")  # not the …… preview
        assert to_local(m.created_at) == entry.created.replace(second=0) and m.created_at_precision == "minute"
        assert m.category in ("问题反映", "咨询", "建议", "求助") and m.extra["domain"] == "社会服务"
        if entry.reply is not None:
            assert m.extra["reply_text"] == entry.reply.text and m.extra["status_raw"] == "已回复"
    assert any(m.extra.get("feedback") for m in messages.values())  # 网友追问/评价 kept with the answer
    recrawl_reads_only_new(sandbox, KEY, KIND)


def test_sporadic_502s_are_retried_and_nothing_is_lost(crawl_db, monkeypatch):
    with SandboxServer(seed=3, now=NOW, faults=0.5, slow_seconds=0) as flaky:
        monkeypatch.setenv(SANDBOX_ENV, flaky.url)
        assert run_crawl(KEY).returncode == 0
        run = last_run(KEY)
        assert run.status == "ok" and run.stats["retry:transient"] > 5
        assert set(stored(KEY)) == set(flaky.manifest()[KIND])
