"""Every time form of SOURCE-FORMATS §0.2 resolves against the fetch time, with its precision; unknown forms never raise."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from crawlers.sandbox.timefmt import chinese_full, iso_minutes, iso_seconds, rfc2822, unix_ms, unix_s, weibo_relative
from crawlers.timeparse import parse_time
from tracker.timeutil import SHANGHAI

FETCHED = datetime(2024, 3, 14, 15, 30, 0, tzinfo=SHANGHAI)


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


@pytest.mark.parametrize("raw, expected, precision", [
    ("刚刚", FETCHED, "relative"),
    ("21秒前", FETCHED - timedelta(seconds=21), "relative"),
    ("5分钟前", FETCHED - timedelta(minutes=5), "relative"),
    ("3小时前", FETCHED - timedelta(hours=3), "relative"),
    ("今天 12:30", local(2024, 3, 14, 12, 30), "minute"),
    ("今天12:30", local(2024, 3, 14, 12, 30), "minute"),
    ("昨天 12:30", local(2024, 3, 13, 12, 30), "minute"),
    ("03-14", local(2024, 3, 14), "day"),
    ("03月14日 09:05", local(2024, 3, 14, 9, 5), "minute"),
    ("2019年02月04日 10:48", local(2019, 2, 4, 10, 48), "minute"),
    ("2020-06-05 11:12:14", local(2020, 6, 5, 11, 12, 14), "second"),
    ("2024-03-14 09:05", local(2024, 3, 14, 9, 5), "minute"),
    ("Thu Mar 14 09:05:11 +0800 2024", local(2024, 3, 14, 9, 5, 11), "second"),
    (1710400000, datetime.fromtimestamp(1710400000, timezone.utc), "second"),
    ("1710400000000", datetime.fromtimestamp(1710400000, timezone.utc), "second"),
    ("2020-06-05 11:12:14\xa0来自iPhone客户端", local(2020, 6, 5, 11, 12, 14), "second"),
    ("2020-06-05 11:12:14&nbsp;网页", local(2020, 6, 5, 11, 12, 14), "second"),
])
def test_every_form_resolves_against_the_fetch_time(raw, expected, precision):
    moment, got_precision = parse_time(raw, FETCHED)
    assert moment == expected and moment.tzinfo is not None
    assert moment.utcoffset() == timedelta(0)
    assert got_precision == precision


def test_a_month_day_in_the_future_belongs_to_last_year():
    new_year = datetime(2025, 1, 1, 0, 30, tzinfo=SHANGHAI)
    assert parse_time("12-31", new_year)[0] == local(2024, 12, 31)


@pytest.mark.parametrize("raw", ["下周三", "32-45", "Mon Foo 99", "", None, True, 12])
def test_unknown_times_are_unknown_not_a_crash(raw, caplog):
    assert parse_time(raw, FETCHED) == (None, None)


def test_what_the_sandbox_serves_parses_back():
    for age in (timedelta(seconds=3), timedelta(seconds=21), timedelta(minutes=47), timedelta(hours=3),
                timedelta(hours=9), timedelta(hours=20), timedelta(days=40), timedelta(days=400)):
        moment = FETCHED - age
        for variant in range(3):
            parsed, precision = parse_time(weibo_relative(moment, FETCHED, variant), FETCHED)
            slack = {"relative": timedelta(hours=1), "minute": timedelta(minutes=1), "day": timedelta(days=1)}[precision]
            assert abs(parsed - moment) <= slack
        for render in (rfc2822, iso_seconds, unix_s, unix_ms):
            assert parse_time(render(moment), FETCHED)[0] == moment.replace(microsecond=0)
        for render in (iso_minutes, chinese_full):
            assert parse_time(render(moment), FETCHED)[0] == moment.replace(second=0, microsecond=0)
