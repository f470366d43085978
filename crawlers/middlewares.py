"""Check every answer before a parser sees it: retry later with backoff, the per-source circuit breaker, encoding override."""

from __future__ import annotations

import asyncio
import random
from typing import Any

from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response, TextResponse
from scrapy.utils.defer import maybe_deferred_to_future

from crawlers.bodies import LOGIN_URL, RETRYABLE, Judgement, Verdict, judge_status, judge_text, parse_json_body


class GaveUp(IgnoreRequest):
    """A request abandoned after its retries (or not retryable); the errback logs it and keeps any pending item."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class RetryPolicy:
    """Exponential backoff with jitter, bounded retries; shared by the downloader and spider middlewares."""

    def __init__(self, settings: Any) -> None:
        self.max_retries = settings.getint("YUQING_MAX_RETRIES", 4)
        self.base = settings.getfloat("YUQING_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("YUQING_BACKOFF_CAP", 120.0)

    def retry(self, request: Request, reason: str) -> Request | None:
        """A later copy of `request`, or None when its retries are used up."""
        n = request.meta.get("retry_n", 0)
        if n >= self.max_retries:
            return None
        delay = min(self.cap, self.base * 2**n) * (1 + random.random() / 4) if self.base > 0 else 0.0
        meta = {k: v for k, v in request.meta.items() if k not in ("payload", "fetched_at")}
        meta.update(retry_n=n + 1, retry_delay=delay, retry_reason=reason)
        return request.replace(meta=meta, dont_filter=True, priority=request.priority - 1)


async def _pause(seconds: float) -> None:
    if seconds <= 0:
        return
    from twisted.internet import reactor, task
    if asyncio.get_event_loop().is_running() and reactor.__class__.__name__ == "AsyncioSelectorReactor":
        await asyncio.sleep(seconds)
    else:
        await maybe_deferred_to_future(task.deferLater(reactor, seconds, lambda: None))


class PayloadCheckMiddleware:
    """Downloader middleware: judge status + body (+ the spider's business-code judge) and act on the verdict."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.policy = RetryPolicy(crawler.settings)
        self.threshold = crawler.settings.getint("YUQING_BREAKER_THRESHOLD", 8)
        self.throttles_in_a_row = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> PayloadCheckMiddleware:
        return cls(crawler)

    @property
    def spider(self) -> Any:
        return self.crawler.spider

    async def process_request(self, request: Request) -> None:
        await _pause(request.meta.get("retry_delay", 0.0))
        return None

    def process_response(self, request: Request, response: Response) -> Response | Request:
        if "expect" not in request.meta:  # not a spider request (robots.txt): Scrapy's own middlewares handle it
            return response
        spider = self.spider
        request.meta["fetched_at"] = spider.now()
        encoding = spider.config.get("encoding")
        if encoding and isinstance(response, TextResponse):
            response = response.replace(encoding=encoding)
        judgement = judge_status(response)
        if judgement.ok and request.meta.get("redirect_urls") and LOGIN_URL.search(response.url):
            judgement = Judgement(Verdict.LOGIN, f"redirected to a login page {response.url}")
        if judgement.ok and 200 <= response.status < 300:
            expect = request.meta.get("expect", "json")
            if expect == "json":
                judgement, data = parse_json_body(response.body)
                if judgement.ok:
                    request.meta["payload"] = data
                    judgement = spider.judge(data, response)
            else:
                judgement = judge_text(response)
        return self._act(request, response, judgement)

    def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if isinstance(exception, IgnoreRequest) or "expect" not in request.meta:
            return None
        return self._act(request, None, Judgement(Verdict.TRANSIENT, f"{type(exception).__name__}: {exception}"))

    def _act(self, request: Request, response: Response | None, judgement: Judgement) -> Any:
        spider = self.spider
        if judgement.ok:
            self.throttles_in_a_row = 0
            return response
        if judgement.verdict in (Verdict.THROTTLE, Verdict.BLOCK):
            self.throttles_in_a_row += 1
            if self.throttles_in_a_row >= self.threshold:
                spider.stop_source("circuit_open", f"来源 {spider.source_key}（{spider.spec.name}）连续 {self.throttles_in_a_row} "
                                                   f"次限流/封禁应答，本次暂停该来源 (circuit breaker open: {judgement.reason})")
                raise GaveUp(f"circuit breaker open: {judgement.reason}")
        if judgement.verdict is Verdict.LOGIN:
            spider.stop_source("credential_expired", f"来源 {spider.source_key}（{spider.spec.name}）登录凭据已失效，请更新后重试 "
                                                     f"(credentials expired: {judgement.reason})")
            raise GaveUp(f"credentials expired: {judgement.reason}")
        if judgement.verdict in RETRYABLE:
            retry = self.policy.retry(request, judgement.reason)
            if retry is not None:
                spider.runlog.count(f"retry:{judgement.verdict.value}")
                return retry
            raise GaveUp(f"{judgement.verdict.value} after {request.meta.get('retry_n', 0)} retries: {judgement.reason}")
        raise GaveUp(judgement.reason)


class MalformedPageMiddleware:
    """Spider middleware: a callback that cannot parse its page is retried later; when retries run out it is logged."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.policy = RetryPolicy(crawler.settings)

    @classmethod
    def from_crawler(cls, crawler: Any) -> MalformedPageMiddleware:
        return cls(crawler)

    def process_spider_exception(self, response: Response, exception: Exception) -> list[Any] | None:
        from scrapy.exceptions import CloseSpider

        if isinstance(exception, CloseSpider):
            return None
        spider = self.crawler.spider
        request = response.request
        reason = f"{type(exception).__name__}: {exception}"
        retry = self.policy.retry(request, reason) if request is not None else None
        if retry is not None:
            spider.runlog.count("retry:malformed")
            return [retry]
        spider.fail_stream(response.meta.get("stream"), "malformed_page", reason[:300], response.url)
        pending = request.cb_kwargs.get("item") if request is not None else None
        if pending is not None:
            pending["is_truncated"] = True
            return [pending]
        return []
