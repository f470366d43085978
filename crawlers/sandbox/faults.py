"""Transient, seeded fault injection: which request fails how, decided from (seed, exact request, attempt)."""

from __future__ import annotations

import hashlib
import threading
from collections import Counter

from .base import Response, Source, html_response, json_response

REPLACING: dict[str, int] = {"500": 500, "502": 502, "503": 503, "429": 429, "432": 432, "418": 418}
"""Status-code faults: the body is a short error page instead of the real response."""

ALL_KINDS: tuple[str, ...] = (*REPLACING, "html200", "empty200", "weibo_ok0", "wechat_ret6", "slow", "truncated")
"""Every kind accepted by ``__fault=<kind>``."""

MAX_FAULTY_ATTEMPTS = 2
"""Attempts 1 and 2 of one exact request may fail; the 3rd and later never do."""


class FaultPlan:
    """Decides faults per request. ``rate`` is the chance that a given early attempt fails (0 → never)."""

    def __init__(self, seed: int, rate: float) -> None:
        self.seed = seed
        self.rate = max(0.0, min(1.0, rate))
        self._seen: Counter[str] = Counter()
        self._lock = threading.Lock()

    def decide(self, source: Source, request_key: str) -> str | None:
        """The fault for this arrival of ``request_key`` (method, path, sorted query, body), or None."""
        with self._lock:
            attempt = self._seen[request_key]
            self._seen[request_key] += 1
        if self.rate <= 0.0 or attempt >= MAX_FAULTY_ATTEMPTS:
            return None
        digest = hashlib.sha256(f"{self.seed}|{request_key}|{attempt}".encode()).digest()
        if int.from_bytes(digest[:8], "big") / 2**64 >= self.rate:
            return None
        kinds = source.fault_kinds
        return kinds[int.from_bytes(digest[8:12], "big") % len(kinds)]


def render(kind: str, source: Source) -> Response | None:
    """The response replacing the real one for ``kind``; None for kinds that alter the real one (slow, truncated)."""
    if kind in REPLACING:
        status = REPLACING[kind]
        return html_response(f"<html><head><title>{status}</title></head><body><center><h1>{status}</h1></center>"
                             f"<hr><center>nginx</center></body></html>", status)
    if kind == "html200":
        return html_response(f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>提示</title></head>"
                             f"<body><div class=\"weui-msg\"><p class=\"title\">{source.error_page}</p></div></body></html>")
    if kind == "empty200":
        return Response(b"", 200, "application/json;charset=UTF-8")
    if kind == "weibo_ok0":
        return json_response({"ok": 0, "msg": "请求过于频繁，歇歇吧"})
    if kind == "wechat_ret6":
        return json_response({"base_resp": {"ret": -6, "errmsg": "操作频繁，请稍后再试"}})
    return None


def truncate(response: Response) -> Response:
    """Cut the body in half (a malformed JSON/HTML body with a consistent Content-Length)."""
    return Response(response.body[: len(response.body) // 2], response.status, response.content_type,
                    dict(response.headers))
