"""Dedupe: (source, external_id) seen -> duplicate or edit (by content hash); near-duplicate text of an open case -> merge."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from crawlers.items import MessageItem
from tracker import queries
from tracker.db import session_scope

NEW, UPDATE, DUPLICATE, MERGE, SKIP = "new", "update", "duplicate", "merge", "skip"
_NOISE = re.compile(r"[\W_]+", re.U)
MIN_NEAR_CHARS = 12  # shorter texts ("谢谢", "点赞") are not evidence of the same matter
NEAR_THRESHOLD = 0.85


def shingles(text: str) -> frozenset[str]:
    """Character bigrams of the text without punctuation/space (the near-duplicate fingerprint)."""
    core = _NOISE.sub("", text.lower())
    return frozenset(map(str.__add__, core, core[1:]))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two fingerprints."""
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


@dataclass
class _Open:
    key: str  # case number, or "pending:<external_id>" for a case this run is about to open
    prints: frozenset[str]
    at: datetime


class NearDuplicates:
    """Recent open cases' texts; finds the case a new message about the same matter should join."""

    def __init__(self, window: timedelta, threshold: float = NEAR_THRESHOLD) -> None:
        self.window, self.threshold = window, threshold
        self.cases: list[_Open] = []

    def add(self, key: str, text: str | frozenset[str], at: datetime) -> None:
        """Remember an open case (its text, or the fingerprint `find` already made of it)."""
        prints = text if isinstance(text, frozenset) else shingles(text)
        if len(prints) >= MIN_NEAR_CHARS - 1:
            self.cases.append(_Open(key, prints, at))

    def find(self, text: str | frozenset[str], at: datetime) -> str | None:
        prints = text if isinstance(text, frozenset) else shingles(text)
        if len(prints) < MIN_NEAR_CHARS - 1:
            return None
        best, best_score = None, self.threshold
        for case in self.cases:
            if abs(case.at - at) > self.window or not 0.7 < len(case.prints) / len(prints) < 1.43:
                continue
            score = similarity(case.prints, prints)
            if score >= best_score:
                best, best_score = case.key, score
        return best


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


class DedupePipeline:
    """Sets item["action"]: new | update | duplicate | merge | skip (a tombstone of something never stored)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.known: dict[str, tuple[str | None, bool, bool]] = {}
        self.near = NearDuplicates(timedelta(days=crawler.settings.getfloat("YUQING_NEAR_DUP_DAYS", 7)))

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spider = self.crawler.spider
        since = spider.now() - self.near.window
        with session_scope() as session:
            source = queries.source_by_key(session, spider.source_key)
            self.known = queries.known_messages(session, source.id)
            for case_no, text, received in queries.recent_case_texts(session, since):
                self.near.add(case_no, text, _aware(received))

    def process_item(self, item: MessageItem) -> MessageItem:
        ext = item["external_id"]
        seen = self.known.get(ext)
        if seen is not None:
            old_hash, old_truncated, old_deleted = seen
            if item.get("is_deleted"):
                item["action"] = DUPLICATE if old_deleted else UPDATE
            elif old_hash == item["content_hash"] and not old_deleted:
                item["action"] = DUPLICATE
            elif item["is_truncated"] and not old_truncated:
                item["action"] = DUPLICATE  # never overwrite a full text with a preview
            else:
                item["action"] = UPDATE
        elif item.get("is_deleted"):
            item["action"] = SKIP
        else:
            at = _aware(item.get("received_at") or item.get("created_at") or item["fetched_at"])
            prints = shingles(item["text"])
            target = self.near.find(prints, at)
            if target is not None:
                item["action"], item["merge_into"] = MERGE, target
            else:
                item["action"] = NEW
                self.near.add(f"pending:{ext}", prints, at)
        self.known[ext] = (item["content_hash"], item["is_truncated"], bool(item.get("is_deleted")))
        return item
