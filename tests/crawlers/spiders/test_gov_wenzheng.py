"""Classic 问政 HTML: list pages to the last 下一页, `<pre>` letters with their line breaks, 中文 dates, the reply block."""

from __future__ import annotations

from tests.crawlers.conftest import crawl_to_manifest, last_run, reconfigure, recrawl_reads_only_new, run_crawl, stored
from tracker.timeutil import to_local

KEY, KIND = "sandbox_gov_wenzheng", "gov_wenzheng"


def test_every_letter_is_collected_from_its_page_then_a_recrawl_reads_only_new_ones(sandbox):
    messages, store = crawl_to_manifest(sandbox, KEY, KIND)
    for eid, m in messages.items():
        entry = store.get(eid)
        assert not m.is_truncated and m.title == entry.title and m.author_name == entry.author
        assert m.text.replace("\n", "") == entry.text.replace("\n", "") and "。\n" in m.text  # <pre> keeps its breaks
        assert m.created_at_raw.endswith("日 " + f"{to_local(entry.created):%H:%M}")  # 2024年03月14日 09:30
        assert to_local(m.created_at) == entry.created.replace(second=0) and m.created_at_precision == "minute"
        if entry.reply is not None:
            assert m.extra["reply_text"] == entry.reply.text and m.extra["reply_org"] == entry.reply.org
            assert m.extra["status_raw"] == "已回复"
    first = last_run(KEY)
    assert first.pages == 4  # 38 letters, 10 a page
    recrawl_reads_only_new(sandbox, KEY, KIND)


def test_a_page_cut_off_midway_stores_nothing_of_it(sandbox):
    reconfigure(KEY, list_path="/political/index/politicsNewest?__fault=truncated", max_retries=1)
    run_crawl(KEY)
    run = last_run(KEY)
    assert run.status != "ok" and stored(KEY) == {}
    assert any(s["kind"] == "malformed_page" and "cut off" in s["message"] for s in run.error_samples)
