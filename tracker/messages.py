"""Storing collected messages: the insert that makes (source, external_id) unique even under concurrent writers."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from models.tables import Message
from tracker.errors import AlreadyExists
from tracker.intake import MessageDraft, RouteDecision
from tracker.timeutil import to_utc


def upsert(dialect: str, target: Any) -> Any:
    """An INSERT statement of the dialect (`session.get_bind().dialect.name`) that supports ON CONFLICT (SQLite, PostgreSQL)."""
    return (postgresql if dialect == "postgresql" else sqlite).insert(target)


@lru_cache(maxsize=4)
def _insert_statement(dialect: str) -> Any:
    """INSERT … ON CONFLICT (source_id, external_id) DO NOTHING RETURNING id, built once per dialect; values are bound per call."""
    table = Message.__table__  # type: ignore[attr-defined]
    return upsert(dialect, table).on_conflict_do_nothing(index_elements=["source_id", "external_id"]).returning(table.c.id)


def insert_message(session: Session, draft: MessageDraft, source_id: int, decision: RouteDecision) -> int:
    """Insert the message unless (source, external_id) exists; concurrent writers of the same identity get AlreadyExists."""
    values = dict(
        source_id=source_id,
        external_id=draft.external_id,
        thread_id=draft.thread_id,
        parent_id=draft.parent_id,
        title=draft.title,
        text=draft.text,
        text_raw=draft.text_raw,
        author_name=draft.author_name,
        author_id_hash=draft.author_id_hash,
        url=draft.url,
        category=draft.category,
        created_at=to_utc(draft.created_at) if draft.created_at else None,
        created_at_raw=draft.created_at_raw,
        created_at_precision=draft.created_at_precision,
        fetched_at=to_utc(draft.fetched_at),
        content_hash=draft.content_hash,
        is_truncated=draft.is_truncated,
        is_deleted=False,
        extra=draft.extra or None,
        raw=draft.raw,
        topic=decision.topic,
        confidence=decision.confidence,
        urgency=decision.urgency,
    )
    message_id = session.execute(_insert_statement(session.get_bind().dialect.name), values).scalar()
    if message_id is None:
        raise AlreadyExists(f"留言已存在: {draft.source_key}/{draft.external_id} (message already exists)")
    return message_id
