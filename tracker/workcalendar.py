"""The Chinese working-day calendar: chinese_calendar for the years it knows, overrides and holiday files for the rest."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import chinese_calendar

from tracker.errors import CalendarUnknown

log = logging.getLogger(__name__)

_CC_FIRST = min(chinese_calendar.holidays).year
_CC_LAST = max(chinese_calendar.holidays).year
_WARNED_YEARS: set[int] = set()

_HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


@dataclass(frozen=True)
class DayInfo:
    """What a day is: a working day or not, and why (for explanations)."""

    day: date
    is_workday: bool
    kind: str  # workday | weekend | holiday | adjusted_workday (调休上班的周末)
    name: str = ""
    provisional: bool = False  # the year is unknown; Monday–Friday was assumed


@dataclass
class WorkCalendar:
    """Working days: explicit overrides first, then years loaded from holiday files, then chinese_calendar."""

    overrides: Mapping[date, bool] = field(default_factory=dict)
    names: Mapping[date, str] = field(default_factory=dict)
    full_years: frozenset[int] = frozenset()

    @classmethod
    def from_rows(cls, rows: Iterable[object]) -> WorkCalendar:
        """Build from HolidayOverride rows (anything with day, is_workday, name, full_year)."""
        overrides: dict[date, bool] = {}
        names: dict[date, str] = {}
        years: set[int] = set()
        for row in rows:
            overrides[row.day] = row.is_workday  # type: ignore[attr-defined]
            if row.name:  # type: ignore[attr-defined]
                names[row.day] = row.name  # type: ignore[attr-defined]
            if row.full_year:  # type: ignore[attr-defined]
                years.add(row.day.year)  # type: ignore[attr-defined]
        return cls(overrides=overrides, names=names, full_years=frozenset(years))

    def knows(self, year: int) -> bool:
        """True when the year's holiday arrangement is known (bundled or loaded)."""
        return year in self.full_years or _CC_FIRST <= year <= _CC_LAST

    def info(self, day: date, *, provisional_ok: bool = False) -> DayInfo:
        """Classify `day`; an unknown year raises CalendarUnknown unless provisional_ok (then Monday–Friday)."""
        weekend = day.weekday() >= 5
        if day in self.overrides:
            return self._classify(day, self.overrides[day], weekend, self.names.get(day, ""))
        if day.year in self.full_years:
            return DayInfo(day, not weekend, "weekend" if weekend else "workday")
        if _CC_FIRST <= day.year <= _CC_LAST:
            working, name = _bundled(day)
            return self._classify(day, working, weekend, name)
        if not provisional_ok:
            raise CalendarUnknown(day.year)
        if day.year not in _WARNED_YEARS:
            _WARNED_YEARS.add(day.year)
            log.warning("calendar year %s unknown: deadlines are provisional (Monday-Friday) until its holiday file is loaded", day.year)
        return DayInfo(day, not weekend, "weekend" if weekend else "workday", provisional=True)

    @staticmethod
    def _classify(day: date, working: bool, weekend: bool, name: str) -> DayInfo:
        if working:
            return DayInfo(day, True, "adjusted_workday" if weekend else "workday", name)
        if weekend and not name:
            return DayInfo(day, False, "weekend")
        return DayInfo(day, False, "holiday", name)

    def is_workday(self, day: date) -> bool:
        """Whether `day` is a working day; raises CalendarUnknown for a year nobody has told us about."""
        return self.info(day).is_workday


@lru_cache(maxsize=8192)
def _bundled(day: date) -> tuple[bool, str]:
    """(is working day, Chinese holiday name) from chinese_calendar, looked up once per day (its checks are slow)."""
    _on_holiday, name = chinese_calendar.get_holiday_detail(day)
    return chinese_calendar.is_workday(day), _HOLIDAY_NAMES_ZH.get(name or "", name or "")


DEFAULT_CALENDAR = WorkCalendar()


def is_workday(d: date, calendar: WorkCalendar | None = None) -> bool:
    """Whether `d` is a Chinese working day (statutory holidays off, 调休 weekends on)."""
    return (calendar or DEFAULT_CALENDAR).is_workday(d)
