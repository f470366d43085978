"""The sandbox HTTP server: routing, fault injection, manifest, and the start/stop lifecycle on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from . import faults as fault_mod
from .base import Request, Response, Route, Source, html_response, json_response, not_found, text_response
from .timefmt import Clock

HOST = "127.0.0.1"


def source_classes() -> list[type[Source]]:
    """Every source kind the sandbox serves, in manifest order."""
    from .douyin import DouyinSource
    from .govboard import JactSource, JpageSource, WenzhengSource
    from .hotline import HotlineSource
    from .liuyan import LiuyanApiSource, LiuyanLegacySource
    from .toutiao import ToutiaoSource
    from .wechat import WechatSource
    from .weibo import WeiboSource
    from .wenzheng import RednetSource, WuhanSource

    return [WeiboSource, WechatSource, DouyinSource, ToutiaoSource, JpageSource, JactSource, WenzhengSource,
            LiuyanLegacySource, LiuyanApiSource, RednetSource, WuhanSource, HotlineSource]


class _Server(ThreadingHTTPServer):
    """http.server with a listen queue for many crawlers at once (the default 5 makes the kernel drop their SYNs)."""

    request_queue_size = 128


class SandboxServer:
    """A local copy of every source kind. ``with SandboxServer(seed=1) as sb: requests to sb.url …``."""

    def __init__(self, seed: int = 1, faults: float = 0.0, port: int = 0, now: datetime | None = None,
                 slow_seconds: float = 1.5) -> None:
        self.seed = seed
        self.port = port
        self.slow_seconds = slow_seconds
        self.clock = Clock(now)
        self.faults = fault_mod.FaultPlan(seed, faults)
        self.lock = threading.RLock()
        self.sources: dict[str, Source] = {cls.key: cls(seed, self.clock) for cls in source_classes()}
        self.routes: list[Route] = [route for src in self.sources.values() for route in src.routes()]
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------------------------
    def start(self) -> "SandboxServer":
        """Bind 127.0.0.1 (port 0 = any free port) and serve in a background thread."""
        if self._httpd is not None:
            return self
        httpd = _Server((HOST, self.port), partial(_Handler, self))
        httpd.daemon_threads = True
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self._thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), name=f"sandbox-{self.port}",
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)
            self._httpd = self._thread = None

    def __enter__(self) -> "SandboxServer":
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL, e.g. ``http://127.0.0.1:43123`` (valid after ``start``)."""
        return f"http://{HOST}:{self.port}"

    # -- content control ---------------------------------------------------------------------------------------
    def manifest(self) -> dict[str, list[str]]:
        """``{source_key: [external ids of every visible message]}``."""
        with self.lock:
            return {key: src.manifest() for key, src in self.sources.items()}

    def grow(self, n: int = 1) -> None:
        """Publish ``n`` new messages per source (deterministic sequence)."""
        with self.lock:
            for _ in range(n):
                now = self.clock.now()
                for src in self.sources.values():
                    src.grow(now)

    def edit(self, source_key: str, external_id: str, new_text: str) -> None:
        """Change a message's text; re-fetches show the new text. Raises KeyError for unknown ids."""
        with self.lock:
            self._source(source_key).store.edit(external_id, new_text)

    def delete(self, source_key: str, external_id: str) -> None:
        """Withdraw a message; it disappears from lists, details and the manifest."""
        with self.lock:
            self._source(source_key).store.delete(external_id)

    def set_now(self, dt: datetime | None) -> None:
        """Pin the server clock (None = wall clock again)."""
        self.clock.set(dt)

    def _source(self, key: str) -> Source:
        try:
            return self.sources[key]
        except KeyError:
            raise KeyError(f"unknown source {key!r}; known: {', '.join(self.sources)}") from None

    # -- request handling --------------------------------------------------------------------------------------
    def handle(self, method: str, target: str, headers: Any, body: bytes) -> tuple[Response, float]:
        """Answer one request; returns the response and how long to stall before sending it."""
        parts = urlsplit(target)
        path = parts.path or "/"
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        forced = next((v for k, v in pairs if k == "__fault"), None)
        pairs = [(k, v) for k, v in pairs if k != "__fault"]
        if path == "/__manifest.json":
            return json_response(self.manifest()), 0.0
        if path == "/robots.txt":
            return text_response("User-agent: *\nDisallow: /__\nAllow: /\n", content_type="text/plain; charset=utf-8"), 0.0
        if path == "/":
            return self._index(), 0.0
        route, match = self._find(path)
        if route is None or route.source is None:
            return not_found(), 0.0
        if method not in route.methods:
            return Response(b"", 405, "text/html;charset=UTF-8", {"Allow": ", ".join(route.methods)}), 0.0
        if forced is not None and forced not in fault_mod.ALL_KINDS:
            return json_response({"error": f"unknown fault {forced!r}", "kinds": list(fault_mod.ALL_KINDS)}, 400), 0.0
        key = f"{method} {path}?{sorted(pairs)}#{body!r}"
        kind = forced or self.faults.decide(route.source, key)
        if kind is not None and (replacement := fault_mod.render(kind, route.source)) is not None:
            return replacement, 0.0
        request = Request(method, path, pairs, headers, body, match)
        with self.lock:
            response = route.handler(request)
        if kind == "truncated":
            response = fault_mod.truncate(response)
        return response, (self.slow_seconds if kind == "slow" else 0.0)

    def _find(self, path: str) -> tuple[Route | None, Any]:
        for route in self.routes:
            match = route.pattern.fullmatch(path)
            if match:
                return route, match
        return None, None

    def _index(self) -> Response:
        rows = "".join(f"<li>{key}: {', '.join(r.pattern.pattern for r in self.routes if r.source is src)}</li>"
                       for key, src in self.sources.items())
        return html_response(f"<html><head><meta charset=\"utf-8\"><title>yuqing sandbox</title></head>"
                             f"<body><h1>yuqing sandbox</h1><ul>{rows}</ul>"
                             f"<p>See crawlers/sandbox/ROUTES.md</p></body></html>")


class _Handler(BaseHTTPRequestHandler):
    """Thin adapter from http.server to ``SandboxServer.handle``."""

    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""

    def __init__(self, app: SandboxServer, *args: Any, **kwargs: Any) -> None:
        self.app = app
        super().__init__(*args, **kwargs)

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        try:
            response, delay = self.app.handle(self.command, self.path, self.headers, body)
        except Exception as exc:  # a bug in a handler must not kill the connection silently
            response, delay = json_response({"error": f"sandbox bug: {exc!r}"}, 500), 0.0
        if delay > 0:
            time.sleep(delay)
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_HEAD = _serve

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature fixed by http.server
        """Quiet: tests and the CLI print nothing per request."""

