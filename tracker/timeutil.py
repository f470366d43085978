"""Time conventions: datetimes are timezone-aware, stored as UTC, and shown to users in Asia/Shanghai."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def to_utc(dt: datetime) -> datetime:
    """An aware UTC datetime; a naive input is taken to be Asia/Shanghai local time (what a user types)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=SHANGHAI)
    return dt.astimezone(UTC)


def to_local(dt: datetime) -> datetime:
    """The same instant in Asia/Shanghai; a naive input is taken to be UTC (as some drivers return it)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(SHANGHAI)


def fmt_local(dt: datetime | None, with_seconds: bool = False) -> str:
    """`YYYY-MM-DD HH:MM` in Asia/Shanghai, or an empty string."""
    if dt is None:
        return ""
    return to_local(dt).strftime("%Y-%m-%d %H:%M:%S" if with_seconds else "%Y-%m-%d %H:%M")


def utcnow() -> datetime:
    """The current time, aware UTC; ledger functions take `now` from their caller and only default to this."""
    return datetime.now(UTC)
