"""Hanweb jpage: CDATA record windows to `totalRecord`, the trailing non-item record, the letter and answer from `#zoom`."""

from __future__ import annotations

import re

from tests.crawlers.conftest import crawl_to_manifest, last_run, reconfigure, run_crawl, stored
from tracker.timeutil import to_local

KEY, KIND = "sandbox_gov_jpage", "gov_jpage"


def bare(text: str) -> str:
    """Text without the paragraph breaks and the &ldquo; &rdquo; quotes the article layout adds."""
    return re.sub(r"[“”\s]", "", text)


def test_every_letter_is_collected_with_its_answer_then_a_recrawl_reads_only_new_ones(sandbox):
    messages, store = crawl_to_manifest(sandbox, KEY, KIND)  # the "更多>>" record is not an item
    for eid, m in messages.items():
        entry = store.get(eid)
        assert not m.is_truncated and m.title == f"关于{entry.title}的答复"
        assert bare(m.text) == bare(entry.text)  # the letter only, not the answer
        assert bare(m.extra["reply_text"]) == bare(entry.reply.text) and m.extra["reply_org"] == entry.reply.org
        assert to_local(m.created_at).date() == entry.created.date() and m.created_at_precision == "day"
        assert m.url.endswith(f"art_1234_{eid}.html")
    first = last_run(KEY)

    sandbox.grow(2)
    assert run_crawl(KEY).returncode == 0
    second = last_run(KEY)
    assert second.new == 2 and second.duplicates < len(messages) // 2  # only the newest day's details are re-read
    assert set(stored(KEY)) == set(sandbox.manifest()[KIND]) and first.status == second.status == "ok"


def test_an_error_page_with_http_200_is_not_taken_for_an_empty_list(sandbox):
    reconfigure(KEY, list_path="/module/web/jpage/dataproxy.jsp?__fault=html200", max_retries=1)
    run_crawl(KEY)
    run = last_run(KEY)
    assert run.status != "ok" and run.pages == 0 and run.stats["retry:malformed"] == 1 and stored(KEY) == {}
    assert any(s["kind"] == "malformed_page" and "totalRecord" in s["message"] for s in run.error_samples)
