"""The base spider: source config, request building, payload checks, the incremental stop rule and the cursor hand-off."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar
from urllib.parse import urlencode, urljoin

import scrapy
from scrapy.http import Request, Response
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from parsel import Selector

from crawlers.bodies import OK, Judgement, html_complete
from crawlers.items import MessageItem
from crawlers.runlog import RunLog
from crawlers.sources import SourceSpec
from crawlers.timeparse import parse_time

FINISHED = "finished"


class Malformed(Exception):
    """A page that cannot be parsed as a whole (cut off, changed layout): retried, then logged; nothing of it is stored."""


@dataclass
class Stream:
    """One paged listing (a post's comments, a mailbox list) within a run."""

    name: str
    pages: int = 0
    streak: int = 0  # consecutive non-pinned items older than the high-water mark minus the overlap
    newest: float | None = None  # newest mark seen this run (unix seconds)
    failed: bool = False  # a request of this stream was given up on: keep the old mark
    cut: bool = False  # paging stopped before the end (incremental rule, page cap, repeated page)
    seen: set[str] = field(default_factory=set)


class BaseSpider(scrapy.Spider):
    """Subclasses set `kind`, implement `first_requests()` and their callbacks; see crawlers/CONTRACT.md."""

    kind: ClassVar[str] = ""
    name = "yuqing"

    def __init__(self, spec: SourceSpec, *, now: datetime | None = None, full: bool = False, **kwargs: Any) -> None:
        super().__init__(name=spec.key, **kwargs)
        self.spec = spec
        self.source_key = spec.key
        self.config: dict[str, Any] = spec.config
        self.base_url = spec.base_url()
        self.full = full or bool(self.config.get("full"))
        self.fixed_now = now
        self.runlog = RunLog(spec.key)
        self.overlap = float(self.config.get("overlap_seconds", 3600))
        self.stop_after = int(self.config.get("stop_after", 5))
        self.max_pages = int(self.config.get("max_pages", 300))
        self.cursor_extra: dict[str, Any] = {}  # kind-specific state to keep (saved with the marks)
        self._streams: dict[str, Stream] = {}

    # ------------------------------------------------------------------ lifecycle

    def first_requests(self) -> Iterable[Request]:
        """The requests a run starts with (override)."""
        raise NotImplementedError

    async def start(self):  # noqa: ANN201 - Scrapy's async generator start
        for request in self.first_requests():
            yield request

    def now(self) -> datetime:
        """The fetch clock (aware UTC); pinned in tests through the YUQING_NOW setting."""
        return self.fixed_now or datetime.now(timezone.utc)

    # ------------------------------------------------------------------ requests

    def url(self, path: str, params: dict[str, Any] | None = None) -> str:
        """Absolute URL of `path` under the source's base_url (an absolute `path` is kept), with a query."""
        url = path if "://" in path else urljoin(self.base_url + "/", path.lstrip("/"))
        return url + (("&" if "?" in url else "?") + urlencode(params) if params else "")

    def request(self, path: str, callback: Any, *, stream: str, params: dict[str, Any] | None = None,
                method: str = "GET", form: dict[str, Any] | None = None, json_body: Any = None, expect: str = "json",
                headers: dict[str, str] | None = None, cb_kwargs: dict[str, Any] | None = None,
                meta: dict[str, Any] | None = None, priority: int = 0) -> Request:
        """A request of `stream`; `expect` is json | html | text (what the payload check expects)."""
        hdrs = dict(headers or {})
        body: str | bytes | None = None
        if form is not None:
            method, body = "POST", urlencode(form)
            hdrs.setdefault("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
        elif json_body is not None:
            method = "POST"
            body = json_body if isinstance(json_body, (str, bytes)) else json.dumps(json_body, ensure_ascii=False, separators=(",", ":"))
            hdrs.setdefault("Content-Type", "application/json;charset=UTF-8")
        if expect == "json":
            hdrs.setdefault("Accept", "application/json, text/plain, */*")
        return Request(self.url(path, params), callback=callback, errback=self.on_error, method=method, body=body,
                       headers=hdrs, cb_kwargs=cb_kwargs or {}, priority=priority, dont_filter=True,
                       meta={**(meta or {}), "stream": stream, "expect": expect})

    def payload(self, response: Response) -> Any:
        """The checked, decoded JSON of a response (the payload middleware parsed it once)."""
        return response.meta.get("payload")

    def judge(self, data: Any, response: Response) -> Judgement:
        """Platform business codes inside HTTP 200 (ok:0, ret:-6, SN0006 ...): override per kind."""
        return OK

    # ------------------------------------------------------------------ items

    def item(self, response: Response, **fields: Any) -> MessageItem:
        """A MessageItem of this source fetched by `response`; `external_id` is kept as a string."""
        item = MessageItem(source_key=self.source_key, fetched_at=response.meta.get("fetched_at") or self.now(),
                           stream=response.meta.get("stream"))
        for key, value in fields.items():
            if value is not None:
                item[key] = value
        item["external_id"] = str(item["external_id"])
        item.setdefault("url", response.url)
        return item

    def malformed(self, response: Response, why: str) -> Malformed:
        """Raise this when a page cannot be parsed as a whole; it is retried later, then logged."""
        return Malformed(f"{why} ({response.url})")

    def complete_html(self, response: Response) -> Selector:
        """The page's selector; a page cut off before `</html>` is malformed (retried), so no half text is stored."""
        if not html_complete(response.body):
            raise self.malformed(response, "HTML page cut off (no </html>)")
        return response.selector  # type: ignore[attr-defined]

    def selectors(self, defaults: dict[str, str]) -> dict[str, str]:
        """A kind's selectors: its defaults, overridden by the source config's `selectors` table (a new CMS is a config change)."""
        return {**defaults, **(self.config.get("selectors") or {})}

    # ------------------------------------------------------------------ incremental paging

    def stream(self, name: str) -> Stream:
        if name not in self._streams:
            self._streams[name] = Stream(name)
        return self._streams[name]

    def high_water(self, stream: str) -> float | None:
        """The newest mark of `stream` stored by the last clean run (None on a full crawl)."""
        if self.full:
            return None
        value = (self.spec.cursor.get("streams") or {}).get(stream)
        return float(value) if value is not None else None

    def _mark(self, item: MessageItem) -> float | None:
        raw = item.get("mark_at", item.get("created_at_raw"))
        moment, _ = parse_time(raw, item["fetched_at"], what="mark")
        return moment.timestamp() if moment else None

    def is_fresh(self, item: MessageItem, *, stream: str | None = None) -> bool:
        """May `item` be new? False when its mark is older than its stream's high-water mark minus the overlap.

        Always True on a full crawl, a first run or an item without a time. List-then-detail kinds fetch details only for
        fresh items, so an incremental re-crawl does not re-fetch the detail of everything on the first list page.
        """
        hwm = self.high_water(stream or item.get("stream") or "")
        mark = self._mark(item)
        return hwm is None or mark is None or mark >= hwm - self.overlap

    def keep_paging(self, response: Response, items: list[MessageItem], *, stream: str | None = None) -> bool:
        """Call once per list page with its items (page order): False when paging this stream should stop.

        Stops at an empty page, a page with nothing new to this run (cursor not advancing / repeated page), the page cap,
        or once `stop_after` consecutive non-pinned items are older than the high-water mark minus `overlap_seconds`.
        """
        state = self.stream(stream or response.meta["stream"])
        state.pages += 1
        self.runlog.page(response.url, len(items), state.name)
        if not items:
            return False
        ids = {it["external_id"] for it in items}
        if ids <= state.seen:
            self.runlog.warn("repeated_page", f"page repeats what was seen; stop paging {state.name}", response.url)
            state.cut = True
            return False
        state.seen |= ids
        hwm = self.high_water(state.name)
        for it in items:
            mark = self._mark(it)
            if mark is not None:
                state.newest = mark if state.newest is None else max(state.newest, mark)
            if it.get("pinned"):
                continue
            old = hwm is not None and mark is not None and mark < hwm - self.overlap
            state.streak = state.streak + 1 if old else 0
        if state.pages >= self.max_pages:
            self.runlog.warn("page_cap", f"{state.name}: stopped at {self.max_pages} pages", response.url)
            state.cut = True
            return False
        state.cut = state.streak >= self.stop_after
        return not state.cut

    def fail_stream(self, stream: str | None, kind: str, message: str, url: str | None = None) -> None:
        """A request was given up on: the stream's high-water mark stays where it was, so the next run re-reads it."""
        if stream:
            self.stream(stream).failed = True
        self.runlog.error(kind, message, url)

    def complete_streams(self, reason: str) -> dict[str, set[str]]:
        """Streams this run read to their end, with every id they listed: {} unless the run finished.

        A stream cut by the incremental rule, the page cap or a repeated page, or with a request given up on, is left out:
        what it did not list may simply not have been read. A stored message of a complete stream that is not listed any
        more was withdrawn by the source.
        """
        if reason != FINISHED or self.runlog.stop_reason is not None:
            return {}
        return {s.name: set(s.seen) for s in self._streams.values() if s.pages and not s.failed and not s.cut}

    def next_cursor(self, reason: str) -> dict[str, Any]:
        """The cursor to save after every item of this run is stored: newer marks of clean streams (unchanged unless finished)."""
        cursor = dict(self.spec.cursor)
        if reason != FINISHED:
            return cursor
        marks = dict(cursor.get("streams") or {})
        for state in self._streams.values():
            if not state.failed and state.newest is not None:
                marks[state.name] = max(state.newest, float(marks.get(state.name, state.newest)))
        cursor["streams"] = marks
        cursor.update(self.cursor_extra)
        return cursor

    # ------------------------------------------------------------------ failures

    def on_error(self, failure: Failure) -> Iterator[MessageItem]:
        """Errback: a request given up on. A pending item (cb_kwargs["item"]) is still stored, as a preview."""
        request = failure.request  # type: ignore[attr-defined]
        reason = getattr(failure.value, "reason", None) or f"{failure.type.__name__}: {failure.getErrorMessage()}"
        self.fail_stream(request.meta.get("stream"), "request_failed", str(reason), request.url)
        pending = request.cb_kwargs.get("item")
        if isinstance(pending, MessageItem):
            pending["is_truncated"] = True
            yield pending

    def stop_source(self, reason: str, message: str) -> None:
        """Stop this source now (credentials expired, circuit breaker open); recorded in the CrawlRun."""
        if self.runlog.stop_reason is None:
            self.runlog.stop_reason = reason
            self.runlog.error(reason, message)
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=reason))

    @staticmethod
    def ago(now: datetime, **delta: float) -> datetime:
        """`now` minus a delta (helper for tests and spiders)."""
        return now - timedelta(**delta)
