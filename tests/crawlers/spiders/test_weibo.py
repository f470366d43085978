"""Weibo: timeline with a pinned post, hotflow pages with a flipping max_id_type, replies, clean text, hashed user ids;
the legacy comments/show API (relative times) as a mode and as the fallback of a post whose hotflow is refused."""

from __future__ import annotations

from datetime import timedelta

from tests.crawlers.conftest import last_run, reconfigure, run_crawl, stored
from tracker.timeutil import to_local

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


TOLERANCE = {"relative": timedelta(hours=1), "minute": timedelta(minutes=1), "day": timedelta(days=1)}


def _top_level(sandbox) -> dict[str, object]:
    store = sandbox.sources["weibo"].store
    return {e.eid: e for t in store.thread_list() for e in store.listing(thread=t.tid, top_only=True)}


def test_the_legacy_comments_api_is_a_mode_with_relative_times(sandbox):
    reconfigure(KEY, comments="show")
    assert run_crawl(KEY).returncode == 0
    messages, tops = stored(KEY), _top_level(sandbox)
    assert set(messages) == set(tops)  # the legacy API lists top-level comments only
    for eid, m in messages.items():  # 刚刚 / 5分钟前 / 今天 12:30 / 昨天 12:30 / 03-14 resolved against the fetch time
        assert abs(to_local(m.created_at) - tops[eid].created) < TOLERANCE[m.created_at_precision], m.created_at_raw
    raws = [m.created_at_raw for m in messages.values()]
    assert any(r.endswith("前") for r in raws) and any(r.startswith(("今天", "昨天")) for r in raws)
    assert any(r[:2].isdigit() and len(r) == 5 for r in raws)  # 03-14: no year
    assert all(not m.parent_id and "<" not in m.text for m in messages.values())
    first = last_run(KEY)

    sandbox.grow(1)
    assert run_crawl(KEY).returncode == 0
    second = last_run(KEY)
    assert second.new == 1 and second.pages < first.pages and set(stored(KEY)) == set(_top_level(sandbox))


def test_a_post_whose_hotflow_is_refused_is_read_through_the_legacy_api(sandbox):
    reconfigure(KEY, hotflow_path="/comments/hotflow_gone")  # every hotflow request: 404
    assert run_crawl(KEY).returncode == 0
    run = last_run(KEY)
    assert set(stored(KEY)) == set(_top_level(sandbox)) and run.errors == 0
    assert run.stats["warning:show_fallback"] == len(sandbox.sources["weibo"].store.thread_list())
