"""Working-day arithmetic as the law counts it: receipt day not counted, statutory holidays skipped, 调休 weekends counted."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import local
from tracker.deadlines import ClockSpec, Pause, add_working_days, compute, due_at, is_workday
from tracker.errors import CalendarUnknown
from tracker.timeutil import to_local
from tracker.workcalendar import WorkCalendar


def local_due(received, spec, **kw):
    return to_local(compute(received, spec, **kw).due_at)


def test_mailbox_letter_over_national_day_2025_is_due_at_end_of_october_21():
    comp = compute(local(2025, 9, 30, 10, 0), ClockSpec("working_days", 10))
    due = to_local(comp.due_at)
    assert (due.date(), due.hour, due.minute, due.second) == (date(2025, 10, 21), 23, 59, 59)
    assert [d for d, _ in comp.holidays_skipped] == [f"2025-10-0{i}" for i in range(1, 9)]
    assert comp.adjusted_workdays == [("2025-10-11", "国庆节")]
    assert not comp.provisional


def test_urgent_12345_order_on_friday_17_00_is_due_saturday_17_00_in_clock_hours():
    due = local_due(local(2026, 3, 6, 17, 0), ClockSpec("hours", 24))
    assert due == local(2026, 3, 7, 17, 0)


@pytest.mark.parametrize("receipt, expected", [("strict", date(2026, 4, 3)), ("next_workday", date(2026, 4, 7))])
def test_disclosure_received_on_saturday_depends_on_the_receipt_policy(receipt, expected):
    assert local_due(local(2026, 3, 7, 11, 0), ClockSpec("working_days", 20, receipt)).date() == expected


def test_add_working_days_does_not_count_the_start_day_and_counts_adjusted_saturday():
    assert add_working_days(date(2025, 9, 30), 1) == date(2025, 10, 9)
    assert add_working_days(date(2025, 10, 10), 1) == date(2025, 10, 11)  # 调休 Saturday
    assert add_working_days(date(2025, 10, 10), 0) == date(2025, 10, 10)


def test_is_workday_knows_holidays_and_adjusted_weekends_and_refuses_unknown_years():
    assert not is_workday(date(2025, 10, 1))
    assert is_workday(date(2025, 10, 11))
    assert not is_workday(date(2025, 10, 12))
    with pytest.raises(CalendarUnknown, match="2027"):
        is_workday(date(2027, 3, 1))


def test_deadline_crossing_into_unknown_year_falls_back_to_monday_friday_and_is_provisional():
    comp = compute(local(2026, 12, 20, 9, 0), ClockSpec("working_days", 10))
    assert comp.provisional and comp.provisional_years == [2027]
    assert to_local(comp.due_at).date() == date(2027, 1, 1)  # Mon–Fri assumed: Jan 1 counted until 2027 is loaded


def test_loaded_year_removes_the_provisional_flag():
    cal = WorkCalendar(overrides={date(2027, 1, 1): False}, names={date(2027, 1, 1): "元旦"}, full_years=frozenset({2027}))
    comp = compute(local(2026, 12, 20, 9, 0), ClockSpec("working_days", 10), calendar=cal)
    assert not comp.provisional
    assert to_local(comp.due_at).date() == date(2027, 1, 4)


def test_a_paused_clock_moves_by_exactly_the_working_days_paused():
    spec = ClockSpec("working_days", 20)
    base = compute(local(2026, 3, 2), spec)
    paused = compute(local(2026, 3, 2), spec, pauses=[Pause(local(2026, 3, 9, 9), local(2026, 3, 12, 9))])  # Mon..Wed = 3 working days
    assert paused.paused_total == 3
    assert to_local(paused.due_at).date() == add_working_days(to_local(base.due_at).date(), 3)


def test_hour_clock_pause_moves_by_the_paused_hours():
    paused = compute(local(2026, 3, 2, 8), ClockSpec("hours", 48), pauses=[Pause(local(2026, 3, 2, 10), local(2026, 3, 2, 16))])
    assert to_local(paused.due_at) == local(2026, 3, 4, 14)


def test_due_at_returns_the_aware_utc_instant():
    assert due_at(local(2025, 9, 30, 10), ClockSpec("working_days", 10)).utcoffset().total_seconds() == 0
