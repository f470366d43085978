"""Factories for tests: sources, message drafts and opened cases, so no test copies set-up code."""

from __future__ import annotations

import itertools
from datetime import datetime

from sqlmodel import select

from models.tables import Case, Event, Source
from tracker import ledger
from tracker.db import session_scope
from tracker.intake import MessageDraft, RouteDecision
from tracker.timeutil import SHANGHAI

_ids = itertools.count(1)
KIND_BY_SOURCE = {
    "mailbox": "liuyan_api",
    "weibo": "weibo",
    "hotline": "hotline_12345",
    "disclosure": "disclosure",
}


def local(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> datetime:
    """An aware Asia/Shanghai time (what the user means by a date)."""
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def ensure_source(key: str, kind: str | None = None) -> None:
    """A Source row with this key (kind from KIND_BY_SOURCE by default)."""
    with session_scope() as s:
        if s.exec(select(Source).where(Source.key == key)).first() is None:
            s.add(Source(key=key, kind=kind or KIND_BY_SOURCE.get(key, key), name=f"测试来源 {key}"))


def draft(source: str = "mailbox", *, text: str = "我家老人低保申请三个月了还没有结果，请问进展如何？", received: datetime | None = None,
          external_id: str | None = None, **kw) -> MessageDraft:
    """A message draft from `source` received at `received`."""
    ensure_source(source)
    received = received or local(2025, 9, 30, 10, 0)
    return MessageDraft(source_key=source, external_id=external_id or f"ext-{next(_ids)}", text=text, fetched_at=received, created_at=received, **kw)


def routed(topic: str = "社会救助", confidence: float = 0.97, urgency: str = "normal") -> RouteDecision:
    """A confident router decision for `topic`."""
    return RouteDecision(topic=topic, confidence=confidence, auto_route=True, urgency=urgency)


def open_case(source: str = "mailbox", *, decision: RouteDecision | None = None, now: datetime | None = None, **kw) -> str:
    """Open a case through the ledger and return its case number."""
    d = draft(source, **kw)
    with session_scope() as s:
        case = ledger.open_case(session=s, draft=d, decision=decision or routed(), now=now or d.receipt_time())
        return case.case_no


def events(case_no: str) -> list[Event]:
    """The Events of a case, oldest first."""
    with session_scope() as s:
        case = s.exec(select(Case).where(Case.case_no == case_no)).one()
        return list(s.exec(select(Event).where(Event.case_id == case.id).order_by(Event.id)).all())


def act(fn, case_no: str, **kw):
    """Run one ledger action in its own transaction (actor and now defaulted) and return the case."""
    kw.setdefault("actor", "tester")
    kw.setdefault("now", local(2025, 10, 9, 9, 0))
    with session_scope() as s:
        return fn(session=s, case_no=case_no, **kw)
