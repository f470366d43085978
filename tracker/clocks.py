"""Deadline clocks of a case: the values of each clock under a rule, recomputed from receipt, pauses and extensions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from models.tables import Deadline
from tracker.config import RuleConfig
from tracker.deadlines import ClockSpec, Computation, Pause, compute
from tracker.timeutil import to_utc
from tracker.workcalendar import WorkCalendar

CLOCK_ORDER = ("acknowledge", "first_response", "finish")


@dataclass(frozen=True)
class ClockPlan:
    """A clock to create: its rule, unit and amount, when it starts, and a fixed due time if the order carries one."""

    clock: str
    rule_key: str
    rule_version: int
    unit: str
    amount: int
    receipt: str
    extension_amount: int
    start_at: datetime
    fixed_due_at: datetime | None = None

    def compute(self, calendar: WorkCalendar) -> Computation:
        """The due time of this clock as planned (no pauses or extensions yet)."""
        return computation(start_at=self.start_at, unit=self.unit, amount=self.amount, receipt=self.receipt,
                           rule_key=self.rule_key, rule_version=self.rule_version, calendar=calendar, fixed_due_at=self.fixed_due_at)


def plan_clocks(
    rule_key: str, rule_version: int, rule: RuleConfig, start_at: datetime, own_due_at: datetime | None = None
) -> list[ClockPlan]:
    """The clocks a new case gets under `rule`; a work order's own deadline replaces the finish clock when the rule says so."""
    plans = []
    for clock in CLOCK_ORDER:
        cfg = rule.clocks.get(clock)  # type: ignore[call-overload]
        if cfg is None:
            continue
        fixed = own_due_at if (clock == "finish" and own_due_at is not None and rule.order_deadline_wins) else None
        plans.append(
            ClockPlan(
                clock=clock,
                rule_key=rule_key,
                rule_version=rule_version,
                unit="fixed" if fixed else cfg.unit,
                amount=0 if fixed else cfg.amount,
                receipt=rule.receipt,
                extension_amount=rule.extension if clock == "finish" else 0,
                start_at=to_utc(start_at),
                fixed_due_at=to_utc(fixed) if fixed else None,
            )
        )
    return plans


def pauses_of(row: Deadline) -> list[Pause]:
    """The finished pauses of a clock."""
    return [
        Pause(datetime.fromisoformat(p["from"]), datetime.fromisoformat(p["to"]), p.get("reason", ""))
        for p in (row.pauses or [])
        if p.get("to")
    ]


def computation(
    *,
    start_at: datetime,
    unit: str,
    amount: int,
    receipt: str,
    rule_key: str,
    rule_version: int,
    calendar: WorkCalendar,
    pauses: list[Pause] | None = None,
    extra_amount: int = 0,
    fixed_due_at: datetime | None = None,
) -> Computation:
    """Compute a clock's due time from its parameters (the one place every clock is computed)."""
    pauses = pauses or []
    if unit == "fixed":
        assert fixed_due_at is not None
        paused = sum(((to_utc(p.end) - to_utc(p.start)) for p in pauses), timedelta())
        comp = Computation(
            due_at=to_utc(fixed_due_at) + paused,
            rule_key=rule_key,
            rule_version=rule_version,
            unit="fixed",
            amount=0,
            receipt=receipt,
            start_at=to_utc(start_at),
            paused_total=paused.total_seconds() / 3600,
        )
        comp.notes.append("order_deadline")
        return comp
    spec = ClockSpec(unit=unit, amount=amount, receipt=receipt, rule_key=rule_key, rule_version=rule_version)
    return compute(start_at, spec, calendar=calendar, pauses=pauses, extra_amount=extra_amount)


def recompute(row: Deadline, calendar: WorkCalendar) -> Computation:
    """Recompute an existing clock (after a pause, an extension, a restart or a newly loaded calendar year)."""
    return computation(
        start_at=row.start_at,
        unit=row.unit,
        amount=row.amount,
        receipt=row.receipt,
        rule_key=row.rule_key,
        rule_version=row.rule_version,
        calendar=calendar,
        pauses=pauses_of(row),
        extra_amount=row.extensions * row.extension_amount,
        fixed_due_at=row.fixed_due_at,
    )


def state(row: Deadline, now: datetime) -> str:
    """Derived state of a clock: met_on_time | met_late | overdue | running | paused | cancelled (never stored)."""
    if row.cancelled_at is not None:
        return "cancelled"
    if row.met_at is not None:
        return "met_on_time" if to_utc(row.met_at) <= to_utc(row.due_at) else "met_late"
    if row.paused_at is not None:
        return "paused"
    return "overdue" if to_utc(now) > to_utc(row.due_at) else "running"


STATE_LABELS = {
    "met_on_time": "按期完成",
    "met_late": "逾期完成",
    "overdue": "已逾期",
    "running": "计时中",
    "paused": "已暂停",
    "cancelled": "已取消",
}
