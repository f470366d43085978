"""Every time form of SOURCE-FORMATS §0.2, resolved against the response's fetch time: (aware UTC | None, precision), never raising."""

from __future__ import annotations

import logging
import re
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from tracker.timeutil import SHANGHAI

log = logging.getLogger("yuqing.crawlers.timeparse")

SECOND, MINUTE, DAY, RELATIVE = "second", "minute", "day", "relative"
_MS_THRESHOLD = 10**12  # unix values above this are milliseconds
_UNIX_MIN, _UNIX_MAX = 10**8, 10**10  # plausible unix seconds (1973..2286)

_AGO = re.compile(r"^(\d+)\s*(秒|分钟|分|小时|天)前$")
_TODAY = re.compile(r"^(今天|昨天|前天)\s*(\d{1,2}):(\d{2})$")
_CN_FULL = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日\s*(?:(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_CN_MONTH_DAY = re.compile(r"^(\d{1,2})月(\d{1,2})日\s*(?:(\d{1,2}):(\d{2}))?$")
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$")
_MONTH_DAY = re.compile(r"^(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$")
_RFC = "%a %b %d %H:%M:%S %z %Y"
_UNITS = {"秒": "seconds", "分钟": "minutes", "分": "minutes", "小时": "hours", "天": "days"}
_BACK = {"今天": 0, "昨天": 1, "前天": 2}


def _local(fetched_at: datetime) -> datetime:
    aware = fetched_at if fetched_at.tzinfo else fetched_at.replace(tzinfo=timezone.utc)
    return aware.astimezone(SHANGHAI)


def _utc(dt: datetime) -> datetime:
    return (dt if dt.tzinfo else dt.replace(tzinfo=SHANGHAI)).astimezone(timezone.utc)


def _clean(value: str) -> str:
    text = value.replace("\xa0", " ").replace("&nbsp;", " ").replace("\u200b", "").strip()
    return re.split(r"\s*来自", text, maxsplit=1)[0].strip()


def _unix(number: float) -> datetime | None:
    seconds = number / 1000 if number > _MS_THRESHOLD else number
    if not _UNIX_MIN <= seconds <= _UNIX_MAX:
        return None
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def _no_year(month: int, day: int, hh: int | None, mm: int | None, now: datetime) -> datetime:
    """A month-day without year: this year, or last year if that lands in the future."""
    moment = datetime.combine(date(now.year, month, day), time(hh or 0, mm or 0), tzinfo=SHANGHAI)
    if moment > now + timedelta(minutes=5):
        moment = moment.replace(year=now.year - 1)
    return moment


def _parse_text(text: str, now: datetime) -> tuple[datetime, str] | None:
    if text == "刚刚":
        return now, RELATIVE
    if m := _AGO.match(text):
        return now - timedelta(**{_UNITS[m.group(2)]: int(m.group(1))}), RELATIVE
    if m := _TODAY.match(text):
        day = now.date() - timedelta(days=_BACK[m.group(1)])
        return datetime.combine(day, time(int(m.group(2)), int(m.group(3))), tzinfo=SHANGHAI), MINUTE
    if m := _CN_FULL.match(text):
        y, mo, d, hh, mi, ss = m.groups()
        precision = DAY if hh is None else (SECOND if ss else MINUTE)
        return datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0), tzinfo=SHANGHAI), precision
    if m := _ISO.match(text):
        y, mo, d, hh, mi, ss = m.groups()
        precision = DAY if hh is None else (SECOND if ss else MINUTE)
        return datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0), tzinfo=SHANGHAI), precision
    if m := _CN_MONTH_DAY.match(text) or _MONTH_DAY.match(text):
        mo, d, hh, mi = m.groups()
        return _no_year(int(mo), int(d), int(hh) if hh else None, int(mi) if mi else None, now), DAY if hh is None else MINUTE
    try:
        return datetime.strptime(text, _RFC), SECOND
    except ValueError:
        pass
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed, SECOND


def parse_time(value: Any, fetched_at: datetime, *, what: str = "time") -> tuple[datetime | None, str | None]:
    """(aware UTC datetime, precision) of `value`; empty -> (None, None); unknown -> (None, None) with a warning."""
    if value is None or value == "":
        return None, None
    try:
        now = _local(fetched_at)
        if isinstance(value, datetime):
            return _utc(value), SECOND
        if isinstance(value, date):
            return _utc(datetime.combine(value, time(0))), DAY
        if isinstance(value, bool):
            raise ValueError("boolean")
        if isinstance(value, (int, float)):
            dt = _unix(float(value))
            if dt is None:
                raise ValueError("number out of range")
            return dt, SECOND
        text = _clean(str(value))
        if re.fullmatch(r"\d{9,13}(\.\d+)?", text):
            return parse_time(float(text), fetched_at, what=what)
        found = _parse_text(text, now)
        words = text.split()
        while found is None and len(words) > 1:  # a trailing client name ("… 网页", "… Android")
            words.pop()
            found = _parse_text(" ".join(words), now)
        if found is None:
            raise ValueError("unknown form")
        return _utc(found[0]), found[1]
    except (ValueError, OverflowError) as exc:
        log.warning("unparseable %s %r (%s): stored as unknown", what, value, exc)
        return None, None
