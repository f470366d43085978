"""红网: `msg/list` pages by JSON or form body, HTML letters and replies from `msg/detail`, the ~1 MB letter stored whole."""

from __future__ import annotations

from tests.crawlers.conftest import crawl_to_manifest, last_run, reconfigure, recrawl_reads_only_new, run_crawl, stored
from tracker.timeutil import to_local

KEY, KIND = "sandbox_rednet", "rednet"


def test_every_letter_is_collected_in_full_then_a_recrawl_reads_only_new_ones(sandbox):
    messages, store = crawl_to_manifest(sandbox, KEY, KIND)
    for eid, m in messages.items():
        entry = store.get(eid)
        assert not m.is_truncated and m.text == entry.text and "<p>" in m.text_raw  # content is HTML
        assert to_local(m.created_at) == entry.created and m.created_at_precision == "second"
        assert m.category in ("咨询", "投诉", "建议", "求助") and isinstance(m.extra["views"], int)
        if entry.reply is not None:
            assert m.extra["reply_text"] == entry.reply.text and m.extra["reply_org"] == entry.reply.org
    huge = max(messages.values(), key=lambda m: len(m.text))
    assert len(huge.text.encode()) > 900_000  # stored whole, logged
    first = last_run(KEY)
    assert first.status == "ok" and any(s["kind"] == "huge_message" for s in first.error_samples)
    recrawl_reads_only_new(sandbox, KEY, KIND)


def test_a_deployment_that_takes_form_bodies_is_a_config_change(sandbox):
    reconfigure(KEY, body="form", page_num=50)
    assert run_crawl(KEY).returncode == 0
    assert set(stored(KEY)) == set(sandbox.manifest()[KIND]) and last_run(KEY).pages == 1
