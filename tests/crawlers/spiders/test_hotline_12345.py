"""12345 work orders: every order with its own deadline and urgency, paging to the end, incremental re-crawl, edits update."""

from __future__ import annotations

from sqlmodel import select

from models.tables import Case, Deadline
from tests.crawlers.conftest import last_run, run_crawl, stored
from tracker.db import session_scope

KEY = "sandbox_hotline_12345"


def test_orders_are_collected_with_their_own_deadline_and_urgency(sandbox):
    assert run_crawl(KEY).returncode == 0
    messages = stored(KEY)
    assert set(messages) == set(sandbox.manifest()["hotline_12345"])
    order = next(m for m in messages.values() if m.extra.get("reply_text"))
    assert not order.is_truncated and "来电人电话" in order.text and order.category in ("咨询", "求助", "建议", "投诉", "举报")
    assert order.created_at is not None and order.created_at_precision == "minute"
    urgent = [m for m in messages.values() if m.raw.get("urgent")]
    with session_scope() as s:
        for m in urgent:
            case = s.get(Case, m.case_id)
            assert case.urgency == "urgent"
        due = s.exec(select(Deadline).where(Deadline.fixed_due_at.is_not(None))).all()  # type: ignore[union-attr]
    assert urgent and due  # the order's own 办理时限 wins over the default rule


def test_a_recrawl_fetches_only_what_is_new_and_an_edit_updates(sandbox):
    assert run_crawl(KEY).returncode == 0
    first = last_run(KEY)
    sandbox.grow(2)
    victim = sandbox.manifest()["hotline_12345"][5]
    sandbox.edit("hotline_12345", victim, "（更新）诉求内容已更正：申请临时救助的材料已补齐。")
    assert run_crawl(KEY).returncode == 0
    second = last_run(KEY)
    assert second.new == 2 and second.pages < first.pages
    assert stored(KEY)[victim].text.startswith("（更新）") and stored(KEY)[victim].edited_at is not None
    assert set(stored(KEY)) == set(sandbox.manifest()["hotline_12345"])
