"""Deadline arithmetic: working days and clock hours, receipt policies, pauses, and a record of how each due time came out."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta

from tracker.timeutil import SHANGHAI, to_local, to_utc
from tracker.workcalendar import DEFAULT_CALENDAR, DayInfo, WorkCalendar, is_workday  # noqa: F401 (re-exported)

END_OF_DAY = time(23, 59, 59)
RECEIPT_POLICIES = ("strict", "next_workday")
UNITS = ("working_days", "hours")


@dataclass(frozen=True)
class ClockSpec:
    """One clock of a rule: how long, in which unit, and how a receipt on a non-working day counts."""

    unit: str  # working_days | hours
    amount: int
    receipt: str = "strict"  # strict | next_workday
    rule_key: str = ""
    rule_version: int = 0


@dataclass(frozen=True)
class Pause:
    """A stretch of time that does not count (e.g. third-party consultation)."""

    start: datetime
    end: datetime
    reason: str = ""


@dataclass
class Computation:
    """How a due time was computed: enough to answer "why is this due then?" without reading code."""

    due_at: datetime
    rule_key: str
    rule_version: int
    unit: str
    amount: int
    receipt: str
    start_at: datetime
    counting_from: str = ""  # the receipt day used (after a next_workday move)
    receipt_moved: bool = False
    holidays_skipped: list[tuple[str, str]] = field(default_factory=list)  # (date, holiday name)
    weekend_days_skipped: int = 0
    adjusted_workdays: list[tuple[str, str]] = field(default_factory=list)  # 调休 weekend days counted as working days
    pauses: list[dict] = field(default_factory=list)
    paused_total: float = 0  # working days or hours, per unit
    provisional: bool = False
    provisional_years: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        """A JSON-safe dict for Deadline.explanation."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}  # shallow: asdict's deep copy is the slow part
        data["holidays_skipped"] = [list(x) for x in self.holidays_skipped]
        data["adjusted_workdays"] = [list(x) for x in self.adjusted_workdays]
        data["pauses"], data["provisional_years"], data["notes"] = list(self.pauses), list(self.provisional_years), list(self.notes)
        data["due_at"] = self.due_at.isoformat()
        data["start_at"] = self.start_at.isoformat()
        return data


class _Walker:
    """Walks the calendar day by day, recording what it skipped (for the explanation)."""

    def __init__(self, calendar: WorkCalendar, comp: Computation) -> None:
        self.calendar, self.comp = calendar, comp

    def info(self, day: date) -> DayInfo:
        info = self.calendar.info(day, provisional_ok=True)
        if info.provisional and day.year not in self.comp.provisional_years:
            self.comp.provisional = True
            self.comp.provisional_years.append(day.year)
        return info

    def advance(self, day: date, n: int, record: bool = True) -> date:
        """The n-th working day after `day` (n >= 0; n == 0 returns `day`)."""
        counted = 0
        while counted < n:
            day += timedelta(days=1)
            info = self.info(day)
            if info.is_workday:
                counted += 1
                if record and info.kind == "adjusted_workday":
                    self.comp.adjusted_workdays.append((day.isoformat(), info.name))
            elif record and info.kind == "holiday":
                self.comp.holidays_skipped.append((day.isoformat(), info.name))
            elif record:
                self.comp.weekend_days_skipped += 1
        return day

    def workdays_between(self, first: date, stop: date) -> int:
        """Working days d with first <= d < stop."""
        count, day = 0, first
        while day < stop:
            if self.info(day).is_workday:
                count += 1
            day += timedelta(days=1)
        return count


def add_working_days(start: date, n: int, calendar: WorkCalendar | None = None) -> date:
    """The n-th working day after `start` (the start day itself never counts); raises CalendarUnknown on an unknown year."""
    if n < 0:
        raise ValueError("n must be >= 0")
    cal = calendar or DEFAULT_CALENDAR
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if cal.is_workday(day):
            counted += 1
    return day


def compute(
    received_at: datetime,
    spec: ClockSpec,
    *,
    calendar: WorkCalendar | None = None,
    pauses: list[Pause] | tuple[Pause, ...] = (),
    extra_amount: int = 0,
) -> Computation:
    """Compute a clock's due time; an unknown calendar year falls back to Monday–Friday and marks it provisional."""
    start_utc = to_utc(received_at)
    comp = Computation(
        due_at=start_utc,
        rule_key=spec.rule_key,
        rule_version=spec.rule_version,
        unit=spec.unit,
        amount=spec.amount + extra_amount,
        receipt=spec.receipt,
        start_at=start_utc,
    )
    if extra_amount:
        comp.notes.append(f"extended by {extra_amount}")
    if spec.unit == "hours":
        paused = sum(((to_utc(p.end) - to_utc(p.start)) for p in pauses), timedelta())
        comp.pauses = [_pause_json(p, (to_utc(p.end) - to_utc(p.start)).total_seconds() / 3600) for p in pauses]
        comp.paused_total = paused.total_seconds() / 3600
        comp.due_at = start_utc + timedelta(hours=comp.amount) + paused
        return comp
    if spec.unit != "working_days":
        raise ValueError(f"unknown unit {spec.unit!r}")
    walker = _Walker(calendar or DEFAULT_CALENDAR, comp)
    receipt_day = to_local(start_utc).date()
    if spec.receipt == "next_workday" and not walker.info(receipt_day).is_workday:
        receipt_day = walker.advance(receipt_day, 1, record=False)
        comp.receipt_moved = True
    comp.counting_from = receipt_day.isoformat()
    paused_days = 0
    for p in pauses:
        days = walker.workdays_between(to_local(p.start).date(), to_local(p.end).date())
        paused_days += days
        comp.pauses.append(_pause_json(p, days))
    comp.paused_total = paused_days
    due_day = walker.advance(receipt_day, comp.amount + paused_days)
    comp.due_at = datetime.combine(due_day, END_OF_DAY, tzinfo=SHANGHAI).astimezone(start_utc.tzinfo)
    return comp


def due_at(received_at: datetime, rule: ClockSpec, calendar: WorkCalendar | None = None) -> datetime:
    """The due time (aware UTC) of a clock started at `received_at` under `rule`."""
    return compute(received_at, rule, calendar=calendar).due_at


def _pause_json(p: Pause, amount: float) -> dict:
    return {"from": to_utc(p.start).isoformat(), "to": to_utc(p.end).isoformat(), "reason": p.reason, "counted_out": amount}
