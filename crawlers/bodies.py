"""Classify an HTTP answer before any parser sees it: ok, throttle, transient, login, block or error (HTTP 200 is not success)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from enum import Enum
from typing import Any

from scrapy.http import Response


class Verdict(str, Enum):
    """What to do about an answer."""

    OK = "ok"
    THROTTLE = "throttle"  # slow down, retry later with backoff; counts toward the circuit breaker
    BLOCK = "block"  # empty 200 / blocked session: retry later; counts toward the circuit breaker
    TRANSIENT = "transient"  # 5xx, an error page with 200, a cut-off body: retry later
    LOGIN = "login"  # credentials expired: stop the source with a clear error
    ERROR = "error"  # permanent (404, bad parameters): log, do not retry


RETRYABLE = {Verdict.THROTTLE, Verdict.BLOCK, Verdict.TRANSIENT}
THROTTLE_STATUS = {418, 429, 432, 414}
TRANSIENT_STATUS = {408, 500, 502, 503, 504, 520, 521, 522, 524}
LOGIN_URL = re.compile(r"passport|/login|signin|/sso/|visitor", re.I)
LOGIN_TEXT = ("请先登录", "登录后查看", "login:false", '"login":false')
_MARKUP = re.compile(r"<[^>]+>|\s+")
_JSONP = re.compile(rb"^\s*[\w.$]+\s*\(\s*(.*?)\s*\)\s*;?\s*$", re.S)
BLOCK_BODIES = {b"blocked"}  # Douyin answers a blocked session with this literal body and HTTP 200 (CRAWL-FAILURES #3)
_HTML_END = re.compile(rb"</html\s*>", re.I)


@dataclass(frozen=True)
class Judgement:
    """A verdict and why (the why goes into the CrawlRun's error samples)."""

    verdict: Verdict
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.verdict is Verdict.OK


OK = Judgement(Verdict.OK)


def judge_status(response: Response) -> Judgement:
    """The verdict from the status line and headers alone."""
    status = response.status
    if status in THROTTLE_STATUS:
        return Judgement(Verdict.THROTTLE, f"HTTP {status}")
    if 300 <= status < 400:
        location = response.headers.get(b"Location", b"").decode("latin-1")
        if LOGIN_URL.search(location):
            return Judgement(Verdict.LOGIN, f"HTTP {status} -> {location}")
        return OK
    if status in TRANSIENT_STATUS or status >= 500:
        return Judgement(Verdict.TRANSIENT, f"HTTP {status}")
    if status >= 400:
        return Judgement(Verdict.ERROR, f"HTTP {status}")
    return OK


def parse_json_body(body: bytes) -> tuple[Judgement, Any]:
    """(verdict, data) of a body that should be JSON (JSONP unwrapped); never raises."""
    stripped = body.strip()
    if not stripped:
        return Judgement(Verdict.BLOCK, "empty body with HTTP 200"), None
    if stripped.strip(b"\"'").lower() in BLOCK_BODIES:
        return Judgement(Verdict.BLOCK, f"body {stripped[:20]!r} with HTTP 200 (session blocked)"), None
    if stripped[:1] not in (b"{", b"["):
        wrapped = _JSONP.match(stripped)
        if wrapped and wrapped.group(1)[:1] in (b"{", b"["):
            stripped = wrapped.group(1)
        else:
            head = stripped[:400].decode("utf-8", errors="replace")
            if any(marker in head for marker in LOGIN_TEXT):
                return Judgement(Verdict.LOGIN, "login page instead of JSON"), None
            gist = _MARKUP.sub(" ", head)[:80].strip()
            return Judgement(Verdict.TRANSIENT, f"HTML/text instead of JSON: {gist}"), None
    try:
        return OK, json.loads(stripped.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return Judgement(Verdict.TRANSIENT, f"malformed JSON ({exc})"), None


def judge_text(response: Response) -> Judgement:
    """The verdict of an HTML / JS page (an empty page with HTTP 200 is a block signal)."""
    if not response.body.strip():
        return Judgement(Verdict.BLOCK, "empty body with HTTP 200")
    head = response.body[:2000].decode("utf-8", errors="replace")
    if any(marker in head for marker in LOGIN_TEXT):
        return Judgement(Verdict.LOGIN, "login page")
    return OK


def html_complete(body: bytes) -> bool:
    """Does an HTML page end (`</html>` near its end)? A page cut off midway must not be parsed into half a letter."""
    return _HTML_END.search(body[-512:]) is not None
