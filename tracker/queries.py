"""Read-only queries of the ledger: the one place cases, clocks, routing and the calendar are looked up."""

from __future__ import annotations

from collections.abc import Callable
from itertools import chain
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as _OrmSession
from sqlmodel import Session, select

from models.tables import Case, Deadline, DeadlineRule, Event, HolidayOverride, Message, RoutingRule, Section, Source, Topic
from tracker.errors import ConfigError, NotFound
from tracker.workcalendar import WorkCalendar

T = TypeVar("T")

# ------------------------------------------------------------------ reference data held for one transaction

_MEMO = "yuqing.reference_memo"
REFERENCE_MODELS = (HolidayOverride, DeadlineRule, RoutingRule, Topic, Section, Source)
_REFERENCE_TABLES = frozenset(m.__tablename__ for m in REFERENCE_MODELS)  # type: ignore[attr-defined]


def hold_reference_data(session: Session) -> None:
    """Until this transaction ends, look the calendar, active rules, topic routes and sources up once.

    For a writer that opens many cases in one transaction (a crawl batch) and changes none of that data. Any write to
    those tables through this session (a flushed object or an INSERT/UPDATE/DELETE statement) drops the memo, so a
    lookup never returns what the database no longer holds; the memo ends with the transaction (commit or rollback).
    """
    session.info[_MEMO] = {}


def _held(session: Session, key: tuple[Any, ...], load: Callable[[], T]) -> T:
    memo = session.info.get(_MEMO)
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    return memo[key]


def _drop_memo(session: _OrmSession) -> None:
    session.info.pop(_MEMO, None)


@event.listens_for(_OrmSession, "before_flush")
def _reference_flushed(session: _OrmSession, _context: Any, _instances: Any) -> None:
    if _MEMO in session.info and any(isinstance(o, REFERENCE_MODELS) for o in chain(session.new, session.dirty, session.deleted)):
        _drop_memo(session)


@event.listens_for(_OrmSession, "do_orm_execute")
def _reference_statement(state: ORMExecuteState) -> None:
    if _MEMO in state.session.info and not state.is_select:
        table = getattr(state.statement, "table", None)
        if table is None or getattr(table, "name", None) in _REFERENCE_TABLES:
            _drop_memo(state.session)


@event.listens_for(_OrmSession, "after_transaction_end")
def _transaction_ended(session: _OrmSession, transaction: Any) -> None:
    if transaction.parent is None:
        _drop_memo(session)


# ------------------------------------------------------------------ lookups


def case_by_no(session: Session, case_no: str, *, for_update: bool = False) -> Case:
    """The case with this number (row-locked on PostgreSQL when for_update), or NotFound."""
    stmt = select(Case).where(Case.case_no == case_no)
    if for_update:
        stmt = stmt.with_for_update()
    case = session.exec(stmt).first()
    if case is None:
        raise NotFound(f"没有编号为 {case_no} 的案件 (no case {case_no})")
    return case


def deadlines_of(session: Session, case_id: int) -> list[Deadline]:
    """The clocks of a case, in clock order."""
    order = {"acknowledge": 0, "first_response": 1, "finish": 2}
    rows = session.exec(select(Deadline).where(Deadline.case_id == case_id)).all()
    return sorted(rows, key=lambda d: order.get(d.clock, 9))


def deadline_of(session: Session, case: Case, clock: str) -> Deadline:
    """One clock of a case, or NotFound."""
    row = session.exec(select(Deadline).where(Deadline.case_id == case.id, Deadline.clock == clock)).first()
    if row is None:
        raise NotFound(f"案件 {case.case_no} 没有「{clock}」时限 (no {clock} clock)")
    return row


def events_of(session: Session, case_id: int) -> list[Event]:
    """A case's audit trail, oldest first."""
    return list(session.exec(select(Event).where(Event.case_id == case_id).order_by(Event.id)).all())


def messages_of(session: Session, case_id: int) -> list[Message]:
    """The messages that make up a case, first one first."""
    return list(session.exec(select(Message).where(Message.case_id == case_id).order_by(Message.id)).all())


def source_by_key(session: Session, key: str) -> Source:
    """A configured source, or NotFound."""
    source = _held(session, ("source", key), lambda: session.exec(select(Source).where(Source.key == key)).first())
    if source is None:
        raise NotFound(f"没有名为 {key} 的来源 (unknown source {key}; check sources.toml and run `yuqing init`)")
    return source


def section_by_key(session: Session, key: str) -> Section:
    """A section by key (e.g. social_assistance), or NotFound."""
    section = session.exec(select(Section).where(Section.key == key)).first()
    if section is None:
        raise NotFound(f"没有名为 {key} 的科室 (unknown section {key})")
    return section


def section_by_id(session: Session, section_id: int | None) -> Section | None:
    """A section by id (None for none)."""
    return session.get(Section, section_id) if section_id is not None else None


def route_for_topic(session: Session, topic: str | None) -> tuple[Section | None, bool]:
    """The section the routing table sends `topic` to, and whether the topic is transferred out."""
    if not topic:
        return None, False

    def load() -> tuple[Section | None, bool]:
        row = session.exec(
            select(Section, RoutingRule.transfer_out)
            .join(RoutingRule, RoutingRule.section_id == Section.id)
            .join(Topic, Topic.id == RoutingRule.topic_id)
            .where(Topic.name == topic, RoutingRule.active == True)  # noqa: E712
        ).first()
        return (row[0], bool(row[1])) if row else (None, False)

    return _held(session, ("route", topic), load)


def active_rule(session: Session, key: str) -> DeadlineRule:
    """The active version of a deadline rule (loaded by `yuqing init`)."""
    row = _held(session, ("rule", key), lambda: session.exec(
        select(DeadlineRule).where(DeadlineRule.key == key, DeadlineRule.active == True)).first())  # noqa: E712
    if row is None:
        raise ConfigError("deadline_rules.toml", f"rules.{key}", "rule not in the database; run `yuqing init`")
    return row


def rule_version(session: Session, key: str, version: int) -> DeadlineRule | None:
    """A specific version of a rule (for explanations of old cases)."""
    return session.exec(select(DeadlineRule).where(DeadlineRule.key == key, DeadlineRule.version == version)).first()


def load_calendar(session: Session) -> WorkCalendar:
    """The working-day calendar including every holiday override and loaded year."""
    return _held(session, ("calendar",), lambda: WorkCalendar.from_rows(session.exec(select(HolidayOverride)).all()))


def provisional_deadlines(session: Session, year: int | None = None) -> list[Deadline]:
    """Clocks whose due time rests on an unknown calendar year (optionally: that year)."""
    rows = session.exec(select(Deadline).where(Deadline.provisional == True)).all()  # noqa: E712
    if year is None:
        return list(rows)
    return [r for r in rows if year in ((r.explanation or {}).get("provisional_years") or [])]


def cases(session: Session, *, status: str | None = None, section_key: str | None = None, limit: int = 100) -> list[Case]:
    """Cases, newest first, optionally filtered by status and section."""
    stmt = select(Case).order_by(Case.id.desc()).limit(limit)  # type: ignore[union-attr]
    if status:
        stmt = stmt.where(Case.status == status)
    if section_key:
        stmt = stmt.join(Section, Section.id == Case.section_id).where(Section.key == section_key)
    return list(session.exec(stmt).all())


def message_exists(session: Session, source_id: int, external_id: str) -> Message | None:
    """The stored message with this identity, if any."""
    return session.exec(select(Message).where(Message.source_id == source_id, Message.external_id == external_id)).first()


def open_clocks_due_before(session: Session, moment) -> list[tuple[Case, Deadline]]:
    """Running clocks (not met, cancelled or paused) of open cases whose due time is before `moment`, soonest first."""
    from tracker.status import OPEN_STATUSES

    rows = session.exec(
        select(Case, Deadline)
        .join(Deadline, Deadline.case_id == Case.id)
        .where(
            Case.status.in_(OPEN_STATUSES),  # type: ignore[attr-defined]
            Deadline.met_at == None,  # noqa: E711
            Deadline.cancelled_at == None,  # noqa: E711
            Deadline.paused_at == None,  # noqa: E711
            Deadline.due_at < moment,
        )
        .order_by(Deadline.due_at)
    ).all()
    return [(c, d) for c, d in rows]


def enabled_sources(session: Session) -> list[Source]:
    """Sources that are to be crawled, by key."""
    return list(session.exec(select(Source).where(Source.enabled == True).order_by(Source.key)).all())  # noqa: E712


def known_messages(session: Session, source_id: int) -> dict[str, tuple[str | None, bool, bool]]:
    """external_id -> (content_hash, is_truncated, is_deleted) of every stored message of a source (crawl dedupe)."""
    rows = session.exec(select(Message.external_id, Message.content_hash, Message.is_truncated, Message.is_deleted)
                        .where(Message.source_id == source_id)).all()
    return {ext: (h, bool(trunc), bool(deleted)) for ext, h, trunc, deleted in rows}


def recent_case_texts(session: Session, since, statuses: tuple[str, ...] = ("triage", "assigned", "in_progress")) -> list[tuple[str, str, object]]:
    """(case_no, first message text, received_at) of cases received since `since` in the given statuses (near-duplicate detection)."""
    rows = session.exec(
        select(Case.case_no, Message.text, Case.received_at, Message.id)
        .join(Message, Message.case_id == Case.id)
        .where(Case.received_at >= since, Case.status.in_(statuses))  # type: ignore[attr-defined]
        .order_by(Message.id)
    ).all()
    first: dict[str, tuple[str, str, object]] = {}
    for case_no, text, received, _ in rows:
        first.setdefault(case_no, (case_no, text, received))
    return list(first.values())
