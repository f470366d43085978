"""Time formats of the real sources (SOURCE-FORMATS §0.2), rendered from absolute times and the server clock."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Clock:
    """The server's notion of *now*: a fixed instant if one was given, else the wall clock (UTC+8)."""

    def __init__(self, now: datetime | None = None) -> None:
        self._lock = threading.Lock()
        self._fixed = _aware(now) if now is not None else None

    def now(self) -> datetime:
        """Current time in UTC+8."""
        with self._lock:
            return self._fixed if self._fixed is not None else datetime.now(TZ).replace(microsecond=0)

    def set(self, now: datetime | None) -> None:
        """Pin the clock to ``now`` (``None`` returns to the wall clock)."""
        with self._lock:
            self._fixed = _aware(now) if now is not None else None


def _aware(dt: datetime) -> datetime:
    """Naive datetimes are read as Asia/Shanghai local time."""
    return (dt.replace(tzinfo=TZ) if dt.tzinfo is None else dt.astimezone(TZ)).replace(microsecond=0)


def local(dt: datetime) -> datetime:
    """``dt`` in UTC+8."""
    return dt.astimezone(TZ)


def rfc2822(dt: datetime) -> str:
    """Weibo JSON since 2021: ``Thu Mar 14 09:05:11 +0800 2024`` (locale independent)."""
    d = local(dt)
    return f"{_DAYS[d.weekday()]} {_MONTHS[d.month - 1]} {d:%d %H:%M:%S} +0800 {d.year}"


def iso_seconds(dt: datetime) -> str:
    """``2024-03-14 09:05:11``."""
    return f"{local(dt):%Y-%m-%d %H:%M:%S}"


def iso_minutes(dt: datetime) -> str:
    """``2024-03-14 09:05``."""
    return f"{local(dt):%Y-%m-%d %H:%M}"


def date_only(dt: datetime) -> str:
    """``2024-03-14``."""
    return f"{local(dt):%Y-%m-%d}"


def chinese_full(dt: datetime) -> str:
    """``2019年02月04日 10:48``."""
    return f"{local(dt):%Y年%m月%d日 %H:%M}"


def unix_s(dt: datetime) -> int:
    """Unix seconds."""
    return int(dt.timestamp())


def unix_ms(dt: datetime) -> int:
    """Unix milliseconds."""
    return int(dt.timestamp()) * 1000


def weibo_relative(dt: datetime, now: datetime, variant: int = 0) -> str:
    """Pre-2021 Weibo strings: 刚刚, 21秒前, 5分钟前, 3小时前, 今天 12:30 / 今天12:30, 昨天 12:30, 03-14, 2023-03-14.

    ``variant`` (e.g. the item's sequence number) picks between the equivalent spellings of one age.
    """
    d, n = local(dt), local(now)
    seconds = int((n - d).total_seconds())
    if seconds < 10:
        return "刚刚"
    if seconds < 60:
        return f"{seconds}秒前"
    if seconds < 3600:
        return f"{seconds // 60}分钟前"
    if d.date() == n.date():
        if seconds < 6 * 3600 and variant % 3 != 2:
            return f"{seconds // 3600}小时前"
        return f"今天{d:%H:%M}" if variant % 2 else f"今天 {d:%H:%M}"
    if d.date() == n.date() - timedelta(days=1):
        return f"昨天 {d:%H:%M}"
    if d.year == n.year:
        return f"{d:%m-%d}"
    return f"{d:%Y-%m-%d}"
