"""Plain-Chinese answers to "why is this case due then?", from what each clock recorded when it was computed."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from tracker import clocks, queries
from tracker.status import CLOCK_LABELS, STATUS_LABELS, URGENCY_LABELS
from tracker.timeutil import fmt_local, utcnow

_WEEKDAYS = "一二三四五六日"


def _day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.month}月{d.day}日（周{_WEEKDAYS[d.weekday()]}）"


def _group_holidays(items: list[list[str]]) -> str:
    """'10月1日至10月8日（国庆节、中秋节）' style summary of skipped holidays."""
    if not items:
        return ""
    names: list[str] = []
    for _, name in items:
        if name and name not in names:
            names.append(name)
    first, last = items[0][0], items[-1][0]
    span = _day(first) if first == last else f"{_day(first)}至{_day(last)}"
    return f"{span}共 {len(items)} 天法定节假日（{'、'.join(names) or '节假日'}）"


def explain_clock(exp: dict, clock: str, due_at: datetime, state: str) -> list[str]:
    """The lines that explain one clock."""
    label = CLOCK_LABELS.get(clock, clock)
    lines = [f"【{label}】截止 {fmt_local(due_at, with_seconds=True)}（{clocks.STATE_LABELS.get(state, state)}）"]
    start = fmt_local(datetime.fromisoformat(exp["start_at"]))
    rule = f"规则 {exp['rule_key']} 第 {exp['rule_version']} 版"
    if exp["unit"] == "hours":
        lines.append(f"  按自然小时计算：自 {start} 起 {exp['amount']} 小时（{rule}），节假日照常计时。")
    elif exp["unit"] == "fixed":
        lines.append(f"  工单自带办理时限，以工单为准（{rule}）。")
    else:
        lines.append(f"  按工作日计算：{start} 收到，收到当日不计，自次日起算 {exp['amount']} 个工作日（{rule}）。")
        if exp.get("receipt_moved"):
            lines.append(f"  收到当日为非工作日，按规则顺延至 {_day(exp['counting_from'])} 视为收到日。")
        skipped = _group_holidays(exp.get("holidays_skipped") or [])
        if skipped:
            lines.append(f"  跳过{skipped}。")
        if exp.get("weekend_days_skipped"):
            lines.append(f"  跳过普通周末 {exp['weekend_days_skipped']} 天。")
        for iso, name in exp.get("adjusted_workdays") or []:
            lines.append(f"  {_day(iso)}为调休上班日（{name or '调休'}），计为工作日。")
    for note in exp.get("notes") or []:
        if note.startswith("extended"):
            lines.append(f"  已延期：{note.split()[-1]} 个单位计入期限。")
    for p in exp.get("pauses") or []:
        unit = "小时" if exp["unit"] in ("hours", "fixed") else "个工作日"
        lines.append(f"  暂停计时 {fmt_local(datetime.fromisoformat(p['from']))} 至 {fmt_local(datetime.fromisoformat(p['to']))}"
                     f"（{p.get('reason') or '无理由'}），不计入 {p['counted_out']:g} {unit}。")
    if exp.get("provisional"):
        years = "、".join(str(y) for y in exp.get("provisional_years") or [])
        lines.append(f"  期限暂定：{years} 年节假日安排尚未载入，暂按周一至周五计算；载入后自动重算。")
    return lines


def explain_case(session: Session, case_no: str, now: datetime | None = None) -> str:
    """The whole explanation of a case's deadlines, as printed by `yuqing case explain`."""
    now = now or utcnow()
    case = queries.case_by_no(session, case_no)
    section = queries.section_by_id(session, case.section_id)
    deadlines = queries.deadlines_of(session, case.id)
    version = next((d.rule_version for d in deadlines if d.rule_key == case.deadline_rule), None)
    # the rule as it was when the case was opened (a later edit of deadline_rules.toml is a new version)
    rule = (queries.rule_version(session, case.deadline_rule, version) if version else None) or queries.active_rule(session, case.deadline_rule)
    lines = [
        f"案件 {case.case_no}：{case.title or ''}",
        f"状态：{STATUS_LABELS.get(case.status, case.status)}；科室：{section.name if section else '待分拣（办公室）'}；"
        f"主题：{case.topic or '未定'}；紧急程度：{URGENCY_LABELS.get(case.urgency, case.urgency)}"
        + ("；政务舆情" if case.is_hot else ""),
        f"收到时间：{fmt_local(case.received_at)}（北京时间）",
        f"期限规则：{rule.name}。依据：{rule.basis or '—'}",
    ]
    for row in deadlines:
        lines += explain_clock(row.explanation or {}, row.clock, row.due_at, clocks.state(row, now))
    return "\n".join(lines)
