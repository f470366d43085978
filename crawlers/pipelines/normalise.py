"""Normalise: clean text, parse times against the fetch time, parse counts, hash user ids, keep (scrubbed) raw, content hash."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from crawlers.items import MessageItem
from crawlers.textclean import content_hash, html_to_text, mojibake_share, parse_count, scrub_ids, strip_region, hash_user_id
from crawlers.timeparse import parse_time

MAX_TEXT_CHARS = 2_000_000  # beyond this it is not a message (a broken page): rejected, logged
HUGE_TEXT_CHARS = 50_000  # stored whole, logged; the router sends it to triage
TIME_FIELDS = ("received_at", "own_due_at", "reply_time")


class NormalisePipeline:
    """Turns the raw fields a spider gave into clean ones; rejects empty or absurd messages (logged in the CrawlRun)."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> NormalisePipeline:
        return cls(crawler)

    def process_item(self, item: MessageItem) -> MessageItem:
        spider = self.crawler.spider
        runlog = spider.runlog
        fetched = item["fetched_at"]
        url = item.get("url")
        text = html_to_text(item.get("text") if item.get("text") is not None else item.get("text_raw"))
        if not text and not item.get("is_deleted"):
            runlog.warn("empty_message", f"{item['external_id']}: 空留言，未保存 (empty message skipped)", url)
            raise DropItem("empty message")
        if len(text) > MAX_TEXT_CHARS:
            runlog.error("oversize_message", f"{item['external_id']}: {len(text)} 字符，超过上限，未保存", url)
            raise DropItem("oversize message")
        if len(text) > HUGE_TEXT_CHARS:
            runlog.warn("huge_message", f"{item['external_id']}: {len(text)} 字符 (stored whole, to triage)", url)
        if mojibake_share(text) > 0.01:
            runlog.warn("mojibake", f"{item['external_id']}: 疑似乱码 (replacement characters in text)", url)
        item["text"] = text
        if item.get("title") is not None:
            item["title"] = html_to_text(item["title"])[:500] or None
        if item.get("reply_text") is not None:
            item["reply_text"] = html_to_text(item["reply_text"])
        raw_created = item.get("created_at_raw")
        if item.get("created_at") is None:
            item["created_at"], item["created_at_precision"] = parse_time(raw_created, fetched, what="created_at")
            if raw_created not in (None, "") and item["created_at"] is None:
                runlog.warn("bad_time", f"{item['external_id']}: 无法解析的时间 {raw_created!r}", url)
        if raw_created is not None:
            item["created_at_raw"] = str(raw_created)[:100]
        for name in TIME_FIELDS:
            if item.get(name) is not None:
                item[name], _ = parse_time(item[name], fetched, what=name)
        for name in ("like_count", "reply_count"):
            if name in item:
                item[name] = parse_count(item[name])
        if "ip_region" in item:
            item["ip_region"] = strip_region(item["ip_region"])
        author_id = item.pop("author_id", None)
        if author_id is not None and not item.get("author_id_hash"):
            item["author_id_hash"] = hash_user_id(spider.kind, author_id)
        if item.get("raw") is not None:
            item["raw"] = scrub_ids(item["raw"], spider.kind)
        item["is_truncated"] = bool(item.get("is_truncated"))
        item["urgent"] = bool(item.get("urgent"))
        item["content_hash"] = content_hash(item.get("title"), text, item.get("reply_text"))
        return item
