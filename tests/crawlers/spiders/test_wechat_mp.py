"""WeChat article comments: buffer paging and replies; an expired key stops the source with a clear error."""

from __future__ import annotations

from sqlmodel import select

from models.tables import Source
from tests.crawlers.conftest import last_run, run_crawl, stored
from tracker.db import session_scope

KEY = "sandbox_wechat_mp"


def test_comments_and_replies_are_collected(sandbox):
    assert run_crawl(KEY).returncode == 0
    messages = stored(KEY)
    assert set(messages) == set(sandbox.manifest()["wechat_mp"])
    reply = next(m for m in messages.values() if m.parent_id)
    assert reply.external_id.startswith(reply.parent_id + "_")
    assert all(m.created_at is not None for m in messages.values())


def test_an_expired_key_stops_the_source_early_with_a_clear_error(sandbox):
    with session_scope() as s:
        source = s.exec(select(Source).where(Source.key == KEY)).one()
        source.config = {**source.config, "key_url": "/__key?calls=3"}
        s.add(source)
    result = run_crawl(KEY)
    assert result.returncode != 0
    run = last_run(KEY)
    assert run.status in ("partial", "failed") and run.stats["reason"] == "credential_expired"
    assert any("key" in s["message"] for s in run.error_samples)
