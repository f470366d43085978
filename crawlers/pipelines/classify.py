"""Classify: new messages get the router's decision, a small batch per model call; no model or a failing router -> triage."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from classifier.normalise import with_title
from crawlers.items import MessageItem
from crawlers.runlog import RunLog
from tracker.intake import TRIAGE, RouteDecision

log = logging.getLogger("yuqing.crawlers.classify")
_ROUTERS: dict[str, Any] = {}  # one loaded model per process (several sources share it)


def load_router(spec: str) -> Any:
    """The router named by the YUQING_ROUTER setting: "auto" (active model; trained on first use), "none", or "module:factory".

    Loaded once per process and shared by every crawl in it.
    """
    if spec == "none":
        return None
    if spec not in _ROUTERS:
        _ROUTERS[spec] = _load(spec)
    return _ROUTERS[spec]


def preload_router(spec: str) -> None:
    """Load (train on first use) the router before the reactor runs: a model trained inside the reactor would stall every
    download meanwhile, and AutoThrottle would take the stall for server latency. A failure is reported by the pipeline."""
    try:
        load_router(spec)
    except Exception:  # noqa: BLE001 - ClassifyPipeline.open_spider logs it in each run
        pass


def _load(spec: str) -> Any:
    if spec == "auto":
        from classifier.router import Router
        from tracker.db import session_scope
        from tracker.model_registry import ensure_model
        from tracker.settings import get_settings

        with session_scope() as session:
            model_dir = ensure_model(session, get_settings())
        return Router.load(model_dir)
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)()


def model_text(item: MessageItem) -> str:
    """What the model reads of a message: its text, with its title (if any) marked as such (`with_title`)."""
    return with_title(item.get("title"), item["text"])


def decision_of(prediction: Any) -> RouteDecision:
    return RouteDecision(topic=prediction.topic, confidence=float(prediction.confidence), auto_route=bool(prediction.auto_route),
                         urgency=prediction.urgency, urgency_reasons=tuple(prediction.urgency_reasons or ()))


def decide_new(router: Any, entries: list[tuple[MessageItem, RunLog]]) -> None:
    """Set item["decision"] on the new messages of `entries`: one model call (`classify_many`), else one by one.

    No router: triage. A failing batch call is retried item by item, so one odd text does not send the batch to triage;
    an item that still fails goes to triage with a warning in its own run's log.
    """
    new = [(item, runlog) for item, runlog in entries if item.get("action") == "new"]
    if not new:
        return
    if router is None:
        for item, _ in new:
            item["decision"] = TRIAGE
        return
    many = getattr(router, "classify_many", None)
    if many is not None:
        try:
            for (item, _), prediction in zip(new, many([model_text(item) for item, _ in new]), strict=True):
                item["decision"] = decision_of(prediction)
            return
        except Exception as exc:  # noqa: BLE001 - retried one by one below
            log.warning("classify_many failed (%s: %s); classifying one by one", type(exc).__name__, exc)
    for item, runlog in new:
        try:
            item["decision"] = decision_of(router.classify(model_text(item)))
        except Exception as exc:  # one odd text must not stop the crawl
            runlog.warn("classify_failed", f"{item['external_id']}: {type(exc).__name__}: {exc}")
            item["decision"] = TRIAGE


class Batcher:
    """A FIFO of items waiting for the model, shared by every crawl of the process that uses the same router.

    Released when YUQING_CLASSIFY_BATCH new messages wait or YUQING_CLASSIFY_LINGER seconds after the first one came:
    the model runs once per release, then every waiting item goes on in arrival order (so a merge reaches the store
    after the case it joins, as dedupe decided them).
    """

    def __init__(self, router: Any, size: int, linger: float) -> None:
        self.router, self.size, self.linger = router, size, linger
        self.waiting: list[tuple[MessageItem, RunLog, Deferred]] = []
        self.new = 0
        self._timer: Any = None

    async def decide(self, item: MessageItem, runlog: RunLog) -> MessageItem:
        done: Deferred = Deferred()
        self.waiting.append((item, runlog, done))
        self.new += item.get("action") == "new"
        if self.new >= self.size:
            self.release()
        elif self._timer is None:
            from twisted.internet import reactor

            self._timer = reactor.callLater(self.linger, self.release)  # type: ignore[attr-defined]
        return await maybe_deferred_to_future(done)

    def release(self) -> None:
        if self._timer is not None and self._timer.active():
            self._timer.cancel()
        self._timer = None
        waiting, self.waiting, self.new = self.waiting, [], 0
        decide_new(self.router, [(item, runlog) for item, runlog, _ in waiting])
        for item, _, done in waiting:
            done.callback(item)


_BATCHERS: dict[int, Batcher] = {}


def batcher_for(router: Any, settings: Any) -> Batcher:
    """The process's batcher of `router` (one reactor thread: shared by every crawler without locks)."""
    if id(router) not in _BATCHERS:
        _BATCHERS[id(router)] = Batcher(router, max(1, settings.getint("YUQING_CLASSIFY_BATCH", 256)),
                                        settings.getfloat("YUQING_CLASSIFY_LINGER", 0.1))
    return _BATCHERS[id(router)]


class ClassifyPipeline:
    """Sets item["decision"] on new messages, through the process's batcher; without a router they go to triage."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.router: Any = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> ClassifyPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        spec = self.crawler.settings.get("YUQING_ROUTER", "auto")
        try:
            self.router = load_router(spec)
        except Exception as exc:  # no model, a broken model file, no classifier yet: messages still go on, to triage
            self.router = None
            self.crawler.spider.runlog.warn("no_classifier", f"分类模型不可用，新留言进入待分拣 ({type(exc).__name__}: {exc})")

    async def process_item(self, item: MessageItem) -> MessageItem:
        if self.router is None:
            decide_new(None, [(item, self.crawler.spider.runlog)])
            return item
        return await batcher_for(self.router, self.crawler.settings).decide(item, self.crawler.spider.runlog)

    def decide_now(self, items: list[MessageItem]) -> None:
        """Outside a crawl (file imports): classify the new messages of `items` in one model call, synchronously."""
        decide_new(self.router, [(item, self.crawler.spider.runlog) for item in items])
