"""Politeness and protection per source: the circuit breaker stops a throttled source, robots.txt is obeyed unless switched off."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from scrapy.http import Request, TextResponse
from scrapy.settings import Settings

from crawlers.middlewares import GaveUp, PayloadCheckMiddleware
from tests.crawlers.conftest import last_run, reconfigure, run_crawl, stored


def test_a_source_that_keeps_getting_throttled_is_stopped_and_the_run_says_which(sandbox):
    reconfigure("sandbox_douyin", signer="tests.crawlers.fakes:ThrottledSigner", breaker_threshold=3)
    run_crawl("sandbox_douyin")
    run = last_run("sandbox_douyin")
    assert run.status == "failed" and run.stats["reason"] == "circuit_open" and stored("sandbox_douyin") == {}
    assert run.stats["retry:throttle"] == 2  # two retries, the third 429 in a row opened the breaker
    [sample] = [s for s in run.error_samples if s["kind"] == "circuit_open"]
    assert "sandbox_douyin" in sample["message"] and "HTTP 429" in sample["message"]


def test_the_literal_blocked_body_counts_toward_the_breaker():
    stopped: list[tuple[str, str]] = []
    spider = SimpleNamespace(source_key="k", spec=SimpleNamespace(name="抖音"), config={}, now=lambda: None,
                             judge=lambda data, response: None, runlog=SimpleNamespace(count=lambda what: None),
                             stop_source=lambda reason, message: stopped.append((reason, message)))
    crawler = SimpleNamespace(settings=Settings({"YUQING_BREAKER_THRESHOLD": 3, "YUQING_BACKOFF_BASE": 0}), spider=spider)
    middleware = PayloadCheckMiddleware(crawler)
    request = Request("http://127.0.0.1/douyin/aweme/v1/web/comment/list/", meta={"expect": "json", "stream": "s"})
    blocked = TextResponse(request.url, body=b"blocked", encoding="utf-8", request=request)
    retry = middleware.process_response(request, blocked)
    retry = middleware.process_response(retry, blocked)
    with pytest.raises(GaveUp):
        middleware.process_response(retry, blocked)
    assert [reason for reason, _ in stopped] == ["circuit_open"] and "k（抖音）" in stopped[0][1]


@pytest.mark.parametrize(("obey", "why"), [(None, "robots.txt"), (False, "HTTP 404")])
def test_robots_txt_is_obeyed_unless_the_source_switches_it_off(sandbox, obey, why):
    # the sandbox's robots.txt disallows /__*: a source that lives there is never fetched while robots.txt is obeyed
    reconfigure("sandbox_rednet", base_url="http://127.0.0.1:8765/__rednet", **({} if obey is None else {"obey_robots": obey}))
    run_crawl("sandbox_rednet")
    run = last_run("sandbox_rednet")
    assert run.pages == 0 and run.new == 0
    assert any(why in s["message"] for s in run.error_samples if s["kind"] == "request_failed"), run.error_samples
