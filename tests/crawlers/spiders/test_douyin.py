"""Douyin: every comment and reply of the account's videos, ids above 2^53 exact, the empty page with has_more, the signer."""

from __future__ import annotations

from crawlers.signing import SandboxBogus, load_signer
from tests.crawlers.conftest import crawl_to_manifest, last_run, reconfigure, recrawl_reads_only_new, run_crawl, stored
from tracker.timeutil import to_local

KEY, KIND = "sandbox_douyin", "douyin"


def test_every_comment_and_reply_is_collected_then_a_recrawl_reads_only_new_ones(sandbox):
    messages, store = crawl_to_manifest(sandbox, KEY, KIND)  # cids > 2^53 as exact strings
    assert all(int(cid) > 2**53 for cid in messages)
    for cid, m in messages.items():
        entry = store.get(cid)
        assert (m.thread_id, m.parent_id, m.author_name) == (entry.thread, entry.parent, entry.author)
        assert to_local(m.created_at) == entry.created and m.created_at_precision == "second"
    reply = next(m for m in messages.values() if m.parent_id)
    assert reply.extra["root_id"] == store.get(reply.external_id).root and reply.extra["stream"].startswith("replies:")
    assert any("[捂脸]" in m.text for m in messages.values()) and any("😂" in m.text for m in messages.values())
    assert any(m.text == "[图片]" and m.extra["images"] for m in messages.values())  # an image-only comment is kept
    top = next(m for m in messages.values() if not m.parent_id)
    assert len(top.author_id_hash) == 64 and top.raw["user"]["uid"] == top.author_id_hash and top.extra["ip_region"]
    first = last_run(KEY)
    assert any(s["kind"] == "empty_page" for s in first.error_samples or [])  # comments:null + has_more=1 was asked again
    recrawl_reads_only_new(sandbox, KEY, KIND)


def test_an_unsigned_request_gets_an_empty_200_which_is_a_block_not_an_empty_list(sandbox):
    reconfigure(KEY, signer="none", breaker_threshold=3)
    run_crawl(KEY)
    run = last_run(KEY)
    assert run.status == "failed" and run.stats["reason"] == "circuit_open" and stored(KEY) == {}
    assert run.stats["retry:block"] >= 1


def test_the_signer_is_chosen_by_config():
    assert isinstance(load_signer("k", {}, "sandbox_bogus"), SandboxBogus)
    signer = load_signer("k", {"signer": "crawlers.signing:SandboxBogus"}, "none")
    assert signer.sign({"b": 2, "a": 1})["a_bogus"].startswith("sandbox-sign:")
