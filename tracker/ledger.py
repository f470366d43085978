"""The only writer of Case, Deadline and Event: each function is one change to one case, with its Event, in the caller's transaction."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from functools import lru_cache

from sqlalchemy import bindparam, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session

from models.tables import Case, CaseSequence, Deadline, Event, Message
from tracker import clocks, config, queries
from tracker.clocks import ClockPlan
from tracker.config import RuleConfig
from tracker.deadlines import Computation
from tracker.errors import InvalidInput
from tracker.intake import MessageDraft, RouteDecision
from tracker.messages import insert_message, upsert
from tracker.status import target_status
from tracker.timeutil import to_local, to_utc
from tracker.workcalendar import WorkCalendar

# ------------------------------------------------------------------ internals




def _snapshot(case: Case) -> dict[str, Any]:
    return {
        "status": case.status,
        "topic": case.topic,
        "section_id": case.section_id,
        "urgency": case.urgency,
        "heat": case.heat,
        "is_hot": case.is_hot,
    }


def _event(session: Session, case: Case, *, action: str, actor: str, now: datetime, before: Any = None, after: Any = None, note: str | None = None) -> Event:
    ev = Event(case_id=case.id, at=to_utc(now), actor=actor, action=action, before=before, after=after, note=note)
    session.add(ev)
    return ev


def _touch(session: Session, case: Case, now: datetime) -> None:
    case.updated_at = to_utc(now)
    session.add(case)


def _apply(row: Deadline, comp: Computation) -> dict[str, Any]:
    """Write a computation onto a clock; returns the before/after of its due time."""
    before = {"clock": row.clock, "due_at": row.due_at.isoformat() if row.due_at else None, "provisional": row.provisional}
    row.due_at = comp.due_at
    row.provisional = comp.provisional
    row.explanation = comp.to_json()
    return before


def _due(row: Deadline) -> dict[str, Any]:
    return {"clock": row.clock, "due_at": row.due_at.isoformat(), "provisional": row.provisional}


@lru_cache(maxsize=4)
def _sequence_statement(dialect: str) -> Any:
    """The atomic next-number upsert of CaseSequence, built once per dialect (the year is bound per call)."""
    return (
        upsert(dialect, CaseSequence.__table__).values(year=bindparam("year"), last=1)
        .on_conflict_do_update(index_elements=["year"], set_={"last": CaseSequence.__table__.c.last + 1})  # type: ignore[attr-defined]
        .returning(CaseSequence.__table__.c.last)  # type: ignore[attr-defined]
    )


def _next_case_no(session: Session, year: int) -> str:
    n = session.execute(_sequence_statement(session.get_bind().dialect.name), {"year": year}).scalar_one()
    return f"{config.ledger_options().case_prefix}-{year}-{n:06d}"


_ATTACH = update(Message.__table__).where(Message.__table__.c.id == bindparam("message_id")).values(case_id=bindparam("case_id"))  # type: ignore[attr-defined]


def _attach(session: Session, message_id: int, case: Case) -> None:
    """The message belongs to the case: one UPDATE (the row is not loaded — it may be a 1 MB letter); a loaded copy follows."""
    session.execute(_ATTACH, {"message_id": message_id, "case_id": case.id})
    loaded = session.identity_map.get(identity_key(Message, message_id))
    if loaded is not None:
        set_committed_value(loaded, "case_id", case.id)


def _rule(session: Session, key: str) -> tuple[int, RuleConfig]:
    row = queries.active_rule(session, key)
    return row.version, RuleConfig.model_validate(row.spec)


def _add_clocks(session: Session, case: Case, plans: list[ClockPlan]) -> list[Deadline]:
    calendar = queries.load_calendar(session)
    rows = []
    for plan in plans:
        comp = plan.compute(calendar)
        row = Deadline(
            case_id=case.id,
            clock=plan.clock,
            rule_key=plan.rule_key,
            rule_version=plan.rule_version,
            unit=plan.unit,
            amount=plan.amount,
            receipt=plan.receipt,
            start_at=plan.start_at,
            fixed_due_at=plan.fixed_due_at,
            extension_amount=plan.extension_amount,
            due_at=comp.due_at,
        )
        _apply(row, comp)
        session.add(row)
        rows.append(row)
    return rows


def _meet(session: Session, case: Case, clock_names: tuple[str, ...], now: datetime) -> list[str]:
    met = []
    for row in queries.deadlines_of(session, case.id):
        if row.clock in clock_names and row.met_at is None and row.cancelled_at is None:
            if row.paused_at is not None:  # meeting a paused clock ends the pause
                _close_pause(row, now)
            row.met_at = to_utc(now)
            session.add(row)
            met.append(row.clock)
    return met


def _close_pause(row: Deadline, now: datetime) -> None:
    pauses = list(row.pauses or [])
    pauses[-1] = {**pauses[-1], "to": to_utc(now).isoformat()}
    row.pauses = pauses
    row.paused_at = None


def _require(text: str | None, what: str) -> str:
    if text is None or not text.strip():
        raise InvalidInput(f"必须填写{what} ({what} is required)")
    return text.strip()


# ------------------------------------------------------------------ opening


def open_case(*, session: Session, draft: MessageDraft, decision: RouteDecision, now: datetime, actor: str = "system") -> Case:
    """Store a new message and open its case: routing, clocks under the matching rule, and an 'open' Event."""
    source = queries.source_by_key(session, draft.source_key)
    message_id = insert_message(session, draft, source.id, decision)
    urgency = decision.urgency if decision.urgency == "major" else ("urgent" if draft.urgent else decision.urgency)
    rule_key = config.rules().pick(kind=source.kind, category=draft.category, urgency=urgency, rule_key=source.deadline_rule)
    version, rule = _rule(session, rule_key)
    section, _transfer = queries.route_for_topic(session, decision.topic) if decision.auto_route else (None, False)
    received = to_utc(draft.receipt_time())
    case = Case(
        case_no=_next_case_no(session, to_local(received).year),
        title=(draft.title or draft.text[:60]) or None,
        topic=decision.topic,
        confidence=decision.confidence,
        section_id=section.id if section else None,
        urgency=urgency,
        status="assigned" if section else "triage",
        source_id=source.id,
        category=draft.category,
        received_at=received,
        deadline_rule=rule_key,
        created_at=to_utc(now),
        updated_at=to_utc(now),
    )
    session.add(case)
    session.flush()
    _attach(session, message_id, case)
    rows = _add_clocks(session, case, clocks.plan_clocks(rule_key, version, rule, received, draft.own_due_at))
    after = {**_snapshot(case), "rule": f"{rule_key}@{version}", "deadlines": [_due(r) for r in rows]}
    if decision.urgency_reasons:
        after["urgency_reasons"] = list(decision.urgency_reasons)
    _event(session, case, action="open", actor=actor, now=now, after=after)
    session.flush()
    return case


def merge_message(*, session: Session, case_no: str, draft: MessageDraft, now: datetime, actor: str = "system") -> Case:
    """Join a near-duplicate message to an open case: heat + 1; at the configured heat the case becomes a 政务舆情 (48-hour clock)."""
    case = queries.case_by_no(session, case_no, for_update=True)
    target_status(case.case_no, case.status, "merge")
    source = queries.source_by_key(session, draft.source_key)
    message_id = insert_message(session, draft, source.id, RouteDecision(topic=case.topic, urgency=case.urgency))
    _attach(session, message_id, case)
    before = _snapshot(case)
    case.heat += 1
    _touch(session, case, now)
    _event(session, case, action="merge", actor=actor, now=now, before=before, after={**_snapshot(case), "message": f"{draft.source_key}/{draft.external_id}"})
    if not case.is_hot and case.heat >= config.ledger_options().hot_heat:
        _escalate(session, case, now=now, actor=actor)
    session.flush()
    return case


def _escalate(session: Session, case: Case, *, now: datetime, actor: str) -> None:
    """The case became a 政务舆情: its first-response clock is due within the hot rule's hours from now (never later than before)."""
    rules = config.rules()
    version, rule = _rule(session, rules.hot_rule)
    before = _snapshot(case)
    case.is_hot = True
    plan = clocks.plan_clocks(rules.hot_rule, version, rule, now)
    hot_plan = next(p for p in plan if p.clock == "first_response")
    existing = {r.clock: r for r in queries.deadlines_of(session, case.id)}
    row = existing.get("first_response")
    changes: dict[str, Any] = {}
    comp = hot_plan.compute(queries.load_calendar(session))
    if row is None:
        [row] = _add_clocks(session, case, [hot_plan])
        changes = {"first_response": _due(row)}
    elif row.met_at is None and to_utc(comp.due_at) < to_utc(row.due_at):
        old = _apply(row, comp)
        row.rule_key, row.rule_version, row.unit, row.amount, row.start_at = hot_plan.rule_key, version, hot_plan.unit, hot_plan.amount, hot_plan.start_at
        row.pauses, row.paused_at, row.fixed_due_at = None, None, None
        session.add(row)
        changes = {"before": old, "after": _due(row)}
    _event(session, case, action="escalate", actor=actor, now=now, before=before, after={**_snapshot(case), "deadline": changes},
           note=f"热度 {case.heat} 达到阈值，按「{rule.name}」重新计算首次回应时限")


# ------------------------------------------------------------------ status changes


def _transition(session: Session, case_no: str, action: str, *, actor: str, now: datetime, **changes: Any) -> tuple[Case, dict, dict]:
    case = queries.case_by_no(session, case_no, for_update=True)
    new_status = target_status(case.case_no, case.status, action)
    before = _snapshot(case)
    case.status = new_status
    for key, value in changes.items():
        setattr(case, key, value)
    _touch(session, case, now)
    return case, before, _snapshot(case)


def assign(*, session: Session, case_no: str, section_key: str, topic: str | None = None, actor: str, now: datetime, note: str | None = None) -> Case:
    """Triage: send a case from the office's 待分拣 queue to a section (optionally setting the topic)."""
    section = queries.section_by_key(session, section_key)
    changes: dict[str, Any] = {"section_id": section.id}
    if topic:
        changes["topic"] = topic
    case, before, after = _transition(session, case_no, "assign", actor=actor, now=now, **changes)
    _event(session, case, action="assign", actor=actor, now=now, before=before, after=after, note=note)
    session.flush()
    return case


def reassign(*, session: Session, case_no: str, reason: str, actor: str, now: datetime, section_key: str | None = None, topic: str | None = None) -> Case:
    """Move a case to another section and/or topic; the reason is kept, and a topic change is a correction for retraining."""
    reason = _require(reason, "改派理由")
    if section_key is None and topic is None:
        raise InvalidInput("改派需要指定新的科室或主题 (give a section or a topic)")
    changes: dict[str, Any] = {}
    if topic is not None:
        changes["topic"] = topic
        if section_key is None:
            section, _ = queries.route_for_topic(session, topic)
            if section is None:
                raise InvalidInput(f"主题「{topic}」不在分派表中 (topic not in the routing table)")
            changes["section_id"] = section.id
    if section_key is not None:
        changes["section_id"] = queries.section_by_key(session, section_key).id
    case, before, after = _transition(session, case_no, "reassign", actor=actor, now=now, **changes)
    _event(session, case, action="reassign", actor=actor, now=now, before=before, after=after, note=reason)
    session.flush()
    return case


def acknowledge(*, session: Session, case_no: str, actor: str, now: datetime) -> Case:
    """A section member takes the case (签收): the acknowledge clock is met."""
    case, before, after = _transition(session, case_no, "acknowledge", actor=actor, now=now)
    met = _meet(session, case, ("acknowledge",), now)
    _event(session, case, action="acknowledge", actor=actor, now=now, before=before, after={**after, "met": met})
    session.flush()
    return case


def respond(*, session: Session, case_no: str, text: str, actor: str, now: datetime) -> Case:
    """Record the answer given to the citizen: acknowledge and first-response clocks are met."""
    text = _require(text, "回应内容")
    case, before, after = _transition(session, case_no, "respond", actor=actor, now=now, response_text=text, responder=actor, responded_at=to_utc(now))
    met = _meet(session, case, ("acknowledge", "first_response"), now)
    _event(session, case, action="respond", actor=actor, now=now, before=before, after={**after, "met": met, "response": text})
    session.flush()
    return case


def reopen(*, session: Session, case_no: str, reason: str, actor: str, now: datetime) -> Case:
    """Back to work on a responded case (a follow-up question, an unsatisfactory answer)."""
    reason = _require(reason, "重新办理理由")
    case, before, after = _transition(session, case_no, "reopen", actor=actor, now=now)
    _event(session, case, action="reopen", actor=actor, now=now, before=before, after=after, note=reason)
    session.flush()
    return case


def close(*, session: Session, case_no: str, actor: str, now: datetime, note: str | None = None) -> Case:
    """Finish a responded case (办结): every remaining clock is met."""
    case, before, after = _transition(session, case_no, "close", actor=actor, now=now, closed_at=to_utc(now))
    met = _meet(session, case, ("acknowledge", "first_response", "finish"), now)
    _event(session, case, action="close", actor=actor, now=now, before=before, after={**after, "met": met}, note=note)
    session.flush()
    return case


def transfer(*, session: Session, case_no: str, to: str, actor: str, now: datetime, note: str | None = None) -> Case:
    """Send a non-civil-affairs case to another department (转办): handing it over meets every clock."""
    to = _require(to, "转办单位")
    case, before, after = _transition(session, case_no, "transfer", actor=actor, now=now, transferred_to=to, closed_at=to_utc(now))
    met = _meet(session, case, ("acknowledge", "first_response", "finish"), now)
    _event(session, case, action="transfer", actor=actor, now=now, before=before, after={**after, "to": to, "met": met}, note=note)
    session.flush()
    return case


def dismiss(*, session: Session, case_no: str, reason: str, actor: str, now: datetime) -> Case:
    """No answer is owed (spam, duplicate): open clocks are cancelled, not met."""
    reason = _require(reason, "理由")
    case, before, after = _transition(session, case_no, "dismiss", actor=actor, now=now, closed_at=to_utc(now))
    for row in queries.deadlines_of(session, case.id):
        if row.met_at is None and row.cancelled_at is None:
            row.cancelled_at = to_utc(now)
            session.add(row)
    _event(session, case, action="dismiss", actor=actor, now=now, before=before, after=after, note=reason)
    session.flush()
    return case


def return_to_triage(*, session: Session, case_no: str, reason: str, actor: str, now: datetime) -> Case:
    """Send a case back to the office's 待分拣 queue (wrong section, transfer refused, dismissed by mistake)."""
    reason = _require(reason, "退回理由")
    case, before, after = _transition(session, case_no, "return_to_triage", actor=actor, now=now, section_id=None, closed_at=None, transferred_to=None)
    for row in queries.deadlines_of(session, case.id):
        if row.cancelled_at is not None:
            row.cancelled_at = None
            session.add(row)
    _event(session, case, action="return_to_triage", actor=actor, now=now, before=before, after=after, note=reason)
    session.flush()
    return case


# ------------------------------------------------------------------ clocks


def _open_clock(session: Session, case_no: str, action: str, clock: str) -> tuple[Case, Deadline]:
    case = queries.case_by_no(session, case_no, for_update=True)
    target_status(case.case_no, case.status, action)
    row = queries.deadline_of(session, case, clock)
    if row.met_at is not None or row.cancelled_at is not None:
        raise InvalidInput(f"「{clock}」时限已完成或已取消，不能{action} (clock {clock} is no longer running)")
    return case, row


def _recompute(session: Session, row: Deadline, calendar: WorkCalendar | None = None) -> dict[str, Any]:
    before = _apply(row, clocks.recompute(row, calendar or queries.load_calendar(session)))
    session.add(row)
    return before


def extend_deadline(*, session: Session, case_no: str, reason: str, actor: str, now: datetime, clock: str = "finish") -> Case:
    """Extend a clock by the rule's extension (e.g. 依申请公开: once, 20 working days); the reason is required."""
    reason = _require(reason, "延期理由")
    case, row = _open_clock(session, case_no, "extend", clock)
    version, rule = row.rule_version, None
    spec = queries.rule_version(session, row.rule_key, version)
    rule = RuleConfig.model_validate(spec.spec) if spec else None
    allowed = rule.max_extensions if rule else 0
    if row.extensions >= allowed or row.extension_amount <= 0:
        raise InvalidInput(f"「{row.rule_key}」规则最多允许延期 {allowed} 次，已延期 {row.extensions} 次 (extension limit reached)")
    row.extensions += 1
    before = _recompute(session, row)
    _touch(session, case, now)
    _event(session, case, action="extend", actor=actor, now=now, before=before, after={**_due(row), "extensions": row.extensions}, note=reason)
    session.flush()
    return case


def pause_clock(*, session: Session, case_no: str, reason: str, actor: str, now: datetime, clock: str = "finish") -> Case:
    """Stop a clock (e.g. third-party consultation): the time until it resumes does not count."""
    reason = _require(reason, "暂停理由")
    case, row = _open_clock(session, case_no, "pause", clock)
    if row.paused_at is not None:
        raise InvalidInput(f"「{clock}」时限已在暂停中 (already paused)")
    row.paused_at = to_utc(now)
    row.pauses = [*(row.pauses or []), {"from": to_utc(now).isoformat(), "to": None, "reason": reason}]
    session.add(row)
    _touch(session, case, now)
    _event(session, case, action="pause", actor=actor, now=now, before=_due(row), after={"clock": clock, "paused_at": to_utc(now).isoformat()}, note=reason)
    session.flush()
    return case


def resume_clock(*, session: Session, case_no: str, actor: str, now: datetime, clock: str = "finish") -> Case:
    """Restart a paused clock; its due time moves by exactly the paused working days (or hours)."""
    case, row = _open_clock(session, case_no, "resume", clock)
    if row.paused_at is None:
        raise InvalidInput(f"「{clock}」时限未暂停 (not paused)")
    _close_pause(row, now)
    before = _recompute(session, row)
    _touch(session, case, now)
    _event(session, case, action="resume", actor=actor, now=now, before=before, after=_due(row))
    session.flush()
    return case


def restart_clock(*, session: Session, case_no: str, reason: str, actor: str, now: datetime, clock: str = "finish", received_at: datetime | None = None) -> Case:
    """Count a clock afresh from `received_at` (default now), e.g. when a completed application (补正) arrives."""
    reason = _require(reason, "重新计时理由")
    case, row = _open_clock(session, case_no, "restart", clock)
    row.start_at = to_utc(received_at or now)
    row.pauses, row.paused_at, row.extensions = None, None, 0
    before = _recompute(session, row)
    _touch(session, case, now)
    _event(session, case, action="restart", actor=actor, now=now, before=before, after=_due(row), note=reason)
    session.flush()
    return case


def recompute_provisional(*, session: Session, year: int, actor: str, now: datetime) -> list[str]:
    """After a calendar year is loaded: recompute every provisional clock resting on it, one Event per case; returns the case numbers."""
    by_case: dict[int, list[Deadline]] = {}
    for row in queries.provisional_deadlines(session, year):
        by_case.setdefault(row.case_id, []).append(row)
    touched = []
    calendar = queries.load_calendar(session)  # once: the year was just loaded, every clock is recomputed against it
    for case_id, rows in sorted(by_case.items()):
        case = session.get(Case, case_id)
        befores = [_recompute(session, row, calendar) for row in rows]
        _touch(session, case, now)
        _event(session, case, action="recompute", actor=actor, now=now, before=befores, after=[_due(r) for r in rows],
               note=f"载入 {year} 年节假日安排后重新计算期限")
        touched.append(case.case_no)
    session.flush()
    return touched
