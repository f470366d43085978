"""Fixtures for the sandbox tests: a started SandboxServer with a pinned clock, and a tiny loopback HTTP client."""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from crawlers.sandbox import SandboxServer
from crawlers.sandbox.timefmt import TZ

NOW = datetime(2024, 3, 14, 15, 30, 0, tzinfo=TZ)


@dataclass
class Reply:
    """One HTTP answer."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))


class Client:
    """Loopback client that never raises on HTTP status and never follows redirects."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80

    def request(self, method: str, path: str, params: dict[str, Any] | list[tuple[str, Any]] | None = None,
                body: bytes | None = None, content_type: str | None = None) -> Reply:
        target = path + ("?" + urlencode(params) if params else "")
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            headers = {"Content-Type": content_type} if content_type else {}
            conn.request(method, target, body=body, headers=headers)
            resp = conn.getresponse()
            return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
        finally:
            conn.close()

    def get(self, path: str, params: dict[str, Any] | list[tuple[str, Any]] | None = None) -> Reply:
        return self.request("GET", path, params)

    def post_form(self, path: str, form: dict[str, Any], params: dict[str, Any] | None = None) -> Reply:
        return self.request("POST", path, params, urlencode(form).encode(), "application/x-www-form-urlencoded")

    def post_json(self, path: str, payload: Any, params: dict[str, Any] | None = None) -> Reply:
        return self.request("POST", path, params, json.dumps(payload, ensure_ascii=False).encode(), "application/json")


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    """A fault-free sandbox (seed 7) whose clock is pinned to ``NOW``."""
    with SandboxServer(seed=7, now=NOW, slow_seconds=0) as server:
        yield server


@pytest.fixture
def client(sandbox: SandboxServer) -> Client:
    return Client(sandbox.url)
