"""The ledger's tables: one SQLModel class per table; datetimes are timezone-aware and stored as UTC."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Optional

from sqlalchemy import JSON, Column, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

# Status values of a case (ARCHITECTURE.md); the transitions live in tracker.status.
CASE_STATUSES = ("triage", "assigned", "in_progress", "responded", "closed", "transferred", "dismissed")
CLOCKS = ("acknowledge", "first_response", "finish")
URGENCIES = ("normal", "urgent", "major")


def _json(**kw: Any) -> Any:
    return Field(default=None, sa_column=Column(JSON(none_as_null=True), nullable=True), **kw)


def _text(**kw: Any) -> Any:
    return Field(default=None, sa_column=Column(Text, nullable=True), **kw)


class Section(SQLModel, table=True):
    """A section (股室) of the bureau that answers cases, e.g. 社会救助股."""

    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True, max_length=64)
    name: str = Field(max_length=64)


class Topic(SQLModel, table=True):
    """A topic the classifier assigns, e.g. 社会救助."""

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True, max_length=64)
    description: Optional[str] = Field(default=None, max_length=500)


class RoutingRule(SQLModel, table=True):
    """Topic -> section; the active row per topic is the routing table."""

    id: Optional[int] = Field(default=None, primary_key=True)
    topic_id: int = Field(foreign_key="topic.id", index=True)
    section_id: int = Field(foreign_key="section.id")
    transfer_out: bool = False
    active: bool = True
    created_at: datetime


class DeadlineRule(SQLModel, table=True):
    """One version of a deadline rule; a changed rule is a new version, old versions stay for explanation."""

    __table_args__ = (UniqueConstraint("key", "version"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(index=True, max_length=64)
    version: int
    name: str = Field(max_length=200)
    basis: Optional[str] = _text()
    spec: Any = _json()  # the validated rule as loaded from TOML (clocks, receipt policy, extensions, selectors)
    active: bool = True
    created_at: datetime


class HolidayOverride(SQLModel, table=True):
    """A day whose working status overrides chinese_calendar (or supplies a year it does not know)."""

    id: Optional[int] = Field(default=None, primary_key=True)
    day: date = Field(unique=True, index=True)
    is_workday: bool
    name: Optional[str] = Field(default=None, max_length=100)
    full_year: bool = False  # loaded from a holiday file that declares the whole year's arrangement
    source: Optional[str] = Field(default=None, max_length=500)
    loaded_at: datetime


class Staff(SQLModel, table=True):
    """A user of the web app: staff of a section, the office, or an admin."""

    id: Optional[int] = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True, max_length=64)
    display_name: str = Field(max_length=64)
    role: str = Field(default="staff", max_length=16)  # staff | office | admin
    section_id: Optional[int] = Field(default=None, foreign_key="section.id")
    password_hash: Optional[str] = Field(default=None, max_length=200)
    active: bool = True


class Source(SQLModel, table=True):
    """One place messages come from; its kind picks the spider, its config comes from sources.toml."""

    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(unique=True, index=True, max_length=64)
    kind: str = Field(max_length=32, index=True)
    name: str = Field(max_length=200)
    deadline_rule: Optional[str] = Field(default=None, max_length=64)
    enabled: bool = True
    config: Any = _json()
    cursor: Any = _json()  # per-source high-water mark / cursor state, owned by the crawlers
    last_crawled_at: Optional[datetime] = None


class Message(SQLModel, table=True):
    """One thing a citizen wrote, as collected; unique by (source, external id), raw payload kept."""

    __table_args__ = (UniqueConstraint("source_id", "external_id", name="uq_message_source_external"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    external_id: str = Field(max_length=128)
    thread_id: Optional[str] = Field(default=None, max_length=128)
    parent_id: Optional[str] = Field(default=None, max_length=128)
    title: Optional[str] = Field(default=None, max_length=500)
    text: str = Field(default="", sa_column=Column(Text, nullable=False))
    text_raw: Optional[str] = _text()
    author_name: Optional[str] = Field(default=None, max_length=200)
    author_id_hash: Optional[str] = Field(default=None, max_length=64)
    url: Optional[str] = Field(default=None, max_length=1000)
    category: Optional[str] = Field(default=None, max_length=32)
    created_at: Optional[datetime] = None  # when the citizen wrote it (UTC); None when unparseable
    created_at_raw: Optional[str] = Field(default=None, max_length=100)
    created_at_precision: Optional[str] = Field(default=None, max_length=16)
    fetched_at: datetime
    content_hash: Optional[str] = Field(default=None, max_length=64, index=True)
    is_truncated: bool = False
    is_deleted: bool = False
    edited_at: Optional[datetime] = None
    extra: Any = _json()  # like/reply counts, region, official reply, the order's own deadline, ...
    raw: Any = _json()  # the source payload of this item
    topic: Optional[str] = Field(default=None, max_length=64)
    confidence: Optional[float] = None
    urgency: str = Field(default="normal", max_length=16)
    case_id: Optional[int] = Field(default=None, foreign_key="case.id", index=True)


class Case(SQLModel, table=True):
    """What the bureau owes an answer for (台账条目); written only by tracker.ledger."""

    id: Optional[int] = Field(default=None, primary_key=True)
    case_no: str = Field(unique=True, index=True, max_length=32)
    title: Optional[str] = Field(default=None, max_length=500)
    topic: Optional[str] = Field(default=None, max_length=64)
    confidence: Optional[float] = None
    section_id: Optional[int] = Field(default=None, foreign_key="section.id", index=True)
    urgency: str = Field(default="normal", max_length=16)
    status: str = Field(default="triage", max_length=16, index=True)
    source_id: Optional[int] = Field(default=None, foreign_key="source.id")
    category: Optional[str] = Field(default=None, max_length=32)
    received_at: datetime
    deadline_rule: str = Field(max_length=64)
    is_hot: bool = False  # escalated to a 政务舆情 by heat
    heat: int = 1
    response_text: Optional[str] = _text()
    responder: Optional[str] = Field(default=None, max_length=64)
    responded_at: Optional[datetime] = None
    closed_at: Optional[datetime] = None
    transferred_to: Optional[str] = Field(default=None, max_length=200)
    note: Optional[str] = _text()
    created_at: datetime
    updated_at: datetime


class CaseSequence(SQLModel, table=True):
    """The last case number issued per year (YQ-<year>-<n>)."""

    year: int = Field(primary_key=True)
    last: int = 0


class Deadline(SQLModel, table=True):
    """One clock of a case; overdue / on time are derived from due_at and met_at, never stored."""

    __table_args__ = (UniqueConstraint("case_id", "clock"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    clock: str = Field(max_length=16)  # acknowledge | first_response | finish
    rule_key: str = Field(max_length=64)
    rule_version: int
    unit: str = Field(max_length=16)  # working_days | hours | fixed
    amount: int
    receipt: str = Field(default="strict", max_length=16)
    start_at: datetime  # the moment counting starts from (receipt, or restart)
    fixed_due_at: Optional[datetime] = None  # unit "fixed": a work order's own deadline
    due_at: datetime = Field(index=True)
    met_at: Optional[datetime] = None
    cancelled_at: Optional[datetime] = None
    provisional: bool = False
    extensions: int = 0
    extension_amount: int = 0
    paused_at: Optional[datetime] = None  # set while the clock is paused
    pauses: Any = _json()  # [{"from": iso, "to": iso, "reason": str}]
    explanation: Any = _json()  # how due_at was computed (see tracker.deadlines.Computation)


class Event(SQLModel, table=True):
    """Append-only audit record of one change to a case."""

    id: Optional[int] = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    at: datetime = Field(index=True)
    actor: str = Field(max_length=64)
    action: str = Field(max_length=32)
    before: Any = _json()
    after: Any = _json()
    note: Optional[str] = _text()


class CrawlRun(SQLModel, table=True):
    """One crawl of one source: counts and error samples."""

    id: Optional[int] = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    started_at: datetime
    finished_at: Optional[datetime] = None
    status: str = Field(default="running", max_length=16)  # running | ok | partial | failed
    pages: int = 0
    new: int = 0
    duplicates: int = 0
    updated: int = 0
    errors: int = 0
    error_samples: Any = _json()
    stats: Any = _json()


class ModelVersion(SQLModel, table=True):
    """A trained classifier model on disk, with its card; one row is active."""

    id: Optional[int] = Field(default=None, primary_key=True)
    version: str = Field(unique=True, index=True, max_length=64)
    path: str = Field(max_length=1000)
    created_at: datetime
    macro_f1: Optional[float] = None
    corpus_hash: Optional[str] = Field(default=None, max_length=64)
    card: Any = _json()
    active: bool = False
