"""Classify: new messages get the router's decision; no model or a failing router sends them to triage (logged)."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from crawlers.items import MessageItem
from tracker.intake import TRIAGE, RouteDecision

log = logging.getLogger("yuqing.crawlers.classify")
_ROUTERS: dict[str, Any] = {}  # one loaded model per process (several sources share it)


def load_router(spec: str) -> Any:
    """The router named by the YUQING_ROUTER setting: "auto" (active model; trained on first use), "none", or "module:factory"."""
    if spec == "none":
        return None
    if spec in _ROUTERS:
        return _ROUTERS[spec]
    if spec == "auto":
        from classifier.router import Router
        from tracker.db import session_scope
        from tracker.model_registry import ensure_model
        from tracker.settings import get_settings

        with session_scope() as session:
            model_dir = ensure_model(session, get_settings())
        router = Router.load(model_dir)
    else:
        module, _, name = spec.partition(":")
        router = getattr(importlib.import_module(module), name)()
    _ROUTERS[spec] = router
    return router


def decision_of(prediction: Any) -> RouteDecision:
    return RouteDecision(topic=prediction.topic, confidence=float(prediction.confidence), auto_route=bool(prediction.auto_route),
                         urgency=prediction.urgency, urgency_reasons=tuple(prediction.urgency_reasons or ()))


class ClassifyPipeline:
    """Sets item["decision"] on new messages."""

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

    def process_item(self, item: MessageItem) -> MessageItem:
        if item.get("action") != "new":
            return item
        if self.router is None:
            item["decision"] = TRIAGE
            return item
        try:
            item["decision"] = decision_of(self.router.classify(item["text"]))
        except Exception as exc:  # one odd text must not stop the crawl
            self.crawler.spider.runlog.warn("classify_failed", f"{item['external_id']}: {type(exc).__name__}: {exc}")
            item["decision"] = TRIAGE
        return item
