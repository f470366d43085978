"""人民网 legacy form POST: `lastItem` paging, `...` previews completed from the detail, a failed detail kept as a preview."""

from __future__ import annotations

from tests.crawlers.conftest import crawl_to_manifest, last_run, reconfigure, recrawl_reads_only_new, run_crawl, stored
from tracker.timeutil import to_local

KEY, KIND = "sandbox_liuyan_legacy", "liuyan_legacy"


def test_every_letter_is_collected_in_full_then_a_recrawl_reads_only_new_ones(sandbox):
    messages, store = crawl_to_manifest(sandbox, KEY, KIND)
    for tid, m in messages.items():
        entry = store.get(tid)
        assert not m.is_truncated and m.text.replace("\n", "") == entry.text.replace("\n", "")  # not the "..." preview
        assert m.title == entry.title and m.author_name == entry.author and len(m.author_id_hash) == 64
        assert to_local(m.created_at) == entry.created and m.created_at_precision == "second"
        assert m.category in ("投诉", "咨询", "建言", "求助", "感谢") and m.extra["target_org"] == "某区区委书记"
        assert m.extra["ip_region"] and not m.extra["ip_region"].startswith(" ")
        if entry.reply is not None:
            assert m.extra["reply_text"] == entry.reply.text and m.extra["reply_org"] == entry.reply.org
    assert any(m.raw["content"].endswith("...") for m in messages.values())  # the list gave previews
    recrawl_reads_only_new(sandbox, KEY, KIND)


def test_a_detail_given_up_on_keeps_the_preview_until_the_next_run_completes_it(sandbox):
    reconfigure(KEY, detail_path="/threads/content?__fault=502", max_retries=1)
    run_crawl(KEY)
    first = last_run(KEY)
    previews = {tid for tid, m in stored(KEY).items() if m.is_truncated}
    assert first.status == "partial" and previews and set(stored(KEY)) == set(sandbox.manifest()[KIND])
    assert all(stored(KEY)[tid].text.endswith("...") for tid in previews)

    reconfigure(KEY, detail_path="/threads/content")
    assert run_crawl(KEY).returncode == 0
    messages = stored(KEY)
    assert not any(m.is_truncated for m in messages.values()) and last_run(KEY).updated == len(previews)
