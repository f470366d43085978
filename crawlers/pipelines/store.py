"""Store: batched transactions through tracker.ledger; the CrawlRun row; the cursor saved after the items before it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from scrapy import signals
from sqlalchemy import update
from sqlmodel import Session, select

from crawlers.items import MessageItem
from models.tables import CrawlRun, Message, Source
from tracker import ledger, queries
from tracker.db import session_scope
from tracker.errors import AlreadyExists, IllegalTransition, NotFound, YuqingError
from tracker.intake import TRIAGE, MessageDraft
from tracker.timeutil import to_utc

EXTRA_FIELDS = ("root_id", "like_count", "reply_count", "ip_region", "reply_text", "reply_org", "reply_time", "status_raw",
                "domain", "target_org", "stream")
DRAFT_FIELDS = ("external_id", "text", "fetched_at", "created_at", "received_at", "title", "text_raw", "thread_id", "parent_id",
                "author_name", "author_id_hash", "url", "category", "created_at_raw", "created_at_precision", "content_hash",
                "is_truncated", "own_due_at", "urgent", "raw")


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def draft_of(item: MessageItem) -> MessageDraft:
    """The ledger's MessageDraft of a normalised item (extra: counts, region, official reply, ...)."""
    extra = {k: _jsonable(item[k]) for k in EXTRA_FIELDS if item.get(k) is not None}
    extra.update(item.get("extra") or {})
    fields = {k: item.get(k) for k in DRAFT_FIELDS}
    fields["url"] = (fields["url"] or "")[:1000] or None
    fields["category"] = (fields["category"] or None) and str(fields["category"])[:32]
    return MessageDraft(source_key=item["source_key"], extra=extra, **{k: v for k, v in fields.items() if v is not None})


def _update_message(session: Session, source_id: int, item: MessageItem, now: datetime) -> bool:
    """Apply an edit (or a withdrawal) to a stored message; a preview never replaces a full text."""
    message = queries.message_exists(session, source_id, item["external_id"])
    if message is None:
        return False
    if item.get("is_deleted"):
        message.is_deleted = True
    elif not (item["is_truncated"] and not message.is_truncated):
        draft = draft_of(item)
        message.text, message.text_raw, message.title = draft.text, draft.text_raw, draft.title or message.title
        message.content_hash, message.is_truncated = draft.content_hash, draft.is_truncated
        message.extra, message.raw, message.is_deleted = draft.extra or None, draft.raw, False
        message.edited_at = to_utc(now)
    message.fetched_at = to_utc(item["fetched_at"])
    session.add(message)
    return True


def withdraw_unlisted(session: Session, source_id: int, streams: dict[str, set[str]]) -> int:
    """Mark withdrawn (`is_deleted`) the stored messages of `streams` (read to their end) that they no longer list, and
    the replies of those; returns how many. Messages of other streams are left alone."""
    if not streams:
        return 0
    rows = session.exec(select(Message.id, Message.external_id, Message.parent_id, Message.extra)
                        .where(Message.source_id == source_id, Message.is_deleted == False)).all()  # noqa: E712
    gone: dict[str, int] = {}
    for row_id, ext, _parent, extra in rows:
        stream = (extra or {}).get("stream")
        if stream in streams and ext not in streams[stream]:
            gone[ext] = row_id
    for row_id, ext, parent, extra in rows:  # a thread's replies go with its withdrawn root
        if ext not in gone and (parent in gone or (extra or {}).get("root_id") in gone):
            gone[ext] = row_id
    if gone:
        session.exec(update(Message).where(Message.id.in_(list(gone.values()))).values(is_deleted=True))  # type: ignore[attr-defined]
    return len(gone)


class StorePipeline:
    """Buffers items and writes them in batches, one transaction each (a savepoint per item); writes the CrawlRun."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.batch_size = crawler.settings.getint("YUQING_STORE_BATCH", 100)
        self.buffer: list[MessageItem] = []
        self.pending_cases: dict[str, str] = {}  # "pending:<ext>" -> case number opened this run
        self.run_id: int | None = None
        self.source_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.finish, signal=signals.spider_closed)
        return pipeline

    @property
    def spider(self) -> Any:
        return self.crawler.spider

    def open_spider(self) -> None:
        with session_scope() as session:
            source = queries.source_by_key(session, self.spider.source_key)
            run = CrawlRun(source_id=source.id, started_at=to_utc(self.spider.now()), status="running")
            session.add(run)
            session.flush()
            self.run_id, self.source_id = run.id, source.id
        self.spider.runlog.run_id = self.run_id

    def process_item(self, item: MessageItem) -> MessageItem:
        self.buffer.append(item)
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    def flush(self, session: Session | None = None) -> None:
        """Write the buffered items (in `session`, or in a new transaction)."""
        if session is None:
            with session_scope() as own:
                self.flush(own)
            return
        items, self.buffer = self.buffer, []
        now = self.spider.now()
        queries.hold_reference_data(session)  # calendar, rules, routes, source: looked up once per batch, not per case
        for item in items:
            try:
                with session.begin_nested():
                    self._store(session, item, now)
            except AlreadyExists:
                self.spider.runlog.count("duplicates")
            except (YuqingError, ValueError, TypeError) as exc:
                self.spider.runlog.error("store_failed", f"{item['external_id']}: {exc}", item.get("url"))

    def _store(self, session: Session, item: MessageItem, now: datetime) -> None:
        action, runlog = item.get("action"), self.spider.runlog
        if action == "duplicate" or action == "skip":
            runlog.count("duplicates" if action == "duplicate" else "skipped")
            return
        if action == "update":
            runlog.count("updated" if _update_message(session, self.source_id, item, now) else "skipped")
            return
        draft = draft_of(item)
        target = item.get("merge_into")
        target = self.pending_cases.get(target, target) if target else None
        if action == "merge" and target and not target.startswith("pending:"):
            try:
                ledger.merge_message(session=session, case_no=target, draft=draft, now=now, actor="crawler")
                runlog.count("new")
                runlog.count("merged")
                return
            except (IllegalTransition, NotFound):
                pass  # the case was closed meanwhile: the message opens its own case
        case = ledger.open_case(session=session, draft=draft, decision=item.get("decision") or TRIAGE, now=now, actor="crawler")
        self.pending_cases[f"pending:{item['external_id']}"] = case.case_no
        runlog.count("new")

    def close_spider(self) -> None:
        self.flush()

    def finish(self, spider: Any, reason: str) -> None:
        """After every item is stored: the CrawlRun's figures and the new cursor (advanced only by a finished run)."""
        runlog = spider.runlog
        if self.run_id is None:
            return
        with session_scope() as session:
            run = session.get(CrawlRun, self.run_id)
            source = session.get(Source, self.source_id)
            runlog.count("deleted", withdraw_unlisted(session, self.source_id, spider.complete_streams(reason)))
            source.cursor = spider.next_cursor(runlog.stop_reason or reason)
            source.last_crawled_at = to_utc(spider.now())
            session.add(source)
            run.finished_at = to_utc(spider.now())
            run.pages, run.errors = runlog.pages, runlog.errors
            run.new, run.duplicates, run.updated = runlog.counts["new"], runlog.counts["duplicates"], runlog.counts["updated"]
            run.error_samples = runlog.samples or None
            run.stats = {"reason": runlog.stop_reason or reason, "warnings": runlog.warnings, **dict(runlog.counts)}
            if runlog.stop_reason or reason != "finished":
                run.status = "failed" if runlog.pages == 0 else "partial"
            else:
                run.status = "ok" if runlog.errors == 0 else "partial"
            session.add(run)
