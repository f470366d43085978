"""Weibo: timeline with a pinned post, hotflow pages with a flipping max_id_type, replies, clean text, hashed user ids."""

from __future__ import annotations

from tests.crawlers.conftest import last_run, run_crawl, stored

KEY = "sandbox_weibo"


def test_every_comment_and_reply_is_collected_cleanly(sandbox):
    result = run_crawl(KEY)
    assert result.returncode == 0, result.stdout + result.stderr
    messages = stored(KEY)
    assert set(messages) == set(sandbox.manifest()["weibo"])
    assert not any("<" in m.text or "\u200b" in m.text for m in messages.values())
    assert any("[心]" in m.text for m in messages.values())
    reply = next(m for m in messages.values() if m.parent_id)
    assert reply.extra["root_id"] == reply.parent_id
    top = next(m for m in messages.values() if not m.parent_id)
    assert top.created_at_precision == "second" and top.author_name and len(top.author_id_hash) == 64
    assert top.extra["ip_region"] and not top.extra["ip_region"].startswith("来自")
    assert top.raw["user"]["id"] == top.author_id_hash  # the raw payload keeps no platform user id
    assert any(m.extra.get("post") for m in messages.values())  # long post text fetched as context


def test_a_recrawl_reads_only_the_new_comments(sandbox):
    assert run_crawl(KEY).returncode == 0
    first = last_run(KEY)
    sandbox.grow(1)
    assert run_crawl(KEY).returncode == 0
    second = last_run(KEY)
    assert second.new == 1 and second.pages < first.pages
    assert set(stored(KEY)) == set(sandbox.manifest()["weibo"])
