"""What the ledger is given to open a case: a collected message and the router's decision about it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class MessageDraft:
    """One collected message, as a spider or an import produces it (datetimes aware)."""

    source_key: str
    external_id: str
    text: str
    fetched_at: datetime
    created_at: datetime | None = None
    received_at: datetime | None = None  # when the bureau received it, if not the creation time (e.g. 12345 dispatch)
    title: str | None = None
    text_raw: str | None = None
    thread_id: str | None = None
    parent_id: str | None = None
    author_name: str | None = None
    author_id_hash: str | None = None
    url: str | None = None
    category: str | None = None  # 咨询 / 求助 / 建议 / 投诉 / 举报 ...
    created_at_raw: str | None = None
    created_at_precision: str | None = None
    content_hash: str | None = None
    is_truncated: bool = False
    own_due_at: datetime | None = None  # a work order's own deadline
    urgent: bool = False  # the source flags it urgent (12345)
    extra: dict[str, Any] = field(default_factory=dict)
    raw: Any = None

    def receipt_time(self) -> datetime:
        """The moment the deadline clocks start from."""
        return self.received_at or self.created_at or self.fetched_at


@dataclass(frozen=True)
class RouteDecision:
    """The classifier's verdict: topic, confidence, whether to route without a human, urgency."""

    topic: str | None = None
    confidence: float = 0.0
    auto_route: bool = False
    urgency: str = "normal"  # normal | urgent | major
    urgency_reasons: tuple[str, ...] = ()


TRIAGE = RouteDecision()
