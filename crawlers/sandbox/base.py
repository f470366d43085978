"""Shared plumbing for source modules: request/response objects, routes, the Source base class, paging helpers."""

from __future__ import annotations

import hashlib
import json
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message
from typing import Any, ClassVar, TypeVar
from urllib.parse import parse_qsl

from .content import ContentGen, SourceStore
from .timefmt import Clock

T = TypeVar("T")

GENERIC_FAULTS: tuple[str, ...] = ("500", "502", "503", "429", "html200", "empty200", "slow", "truncated")
"""Fault kinds every source can show (see faults.py); sources add their platform-specific throttles."""


@dataclass
class Request:
    """A parsed HTTP request as handed to route handlers (``__fault`` already removed from the query)."""

    method: str
    path: str
    pairs: list[tuple[str, str]]
    headers: Message
    body: bytes = b""
    match: re.Match[str] | None = None

    @property
    def query(self) -> dict[str, str]:
        """Query parameters (last value wins)."""
        return dict(self.pairs)

    @property
    def form(self) -> dict[str, str]:
        """``application/x-www-form-urlencoded`` body fields (empty for other bodies)."""
        if self.body.lstrip()[:1] in (b"{", b"["):
            return {}
        try:
            return dict(parse_qsl(self.body.decode("utf-8"), keep_blank_values=True))
        except UnicodeDecodeError:
            return {}

    def json(self) -> Any:
        """The JSON body, or ``None`` if the body is not JSON."""
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return None

    def param(self, name: str, default: str = "") -> str:
        """A parameter from the query, else the form body."""
        return self.query.get(name, self.form.get(name, default))


@dataclass
class Response:
    """What a handler returns; the server writes it as is."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def json_response(obj: Any, status: int = 200, content_type: str = "application/json;charset=UTF-8") -> Response:
    """Compact UTF-8 JSON; Python ints stay exact, so ids > 2^53 go out as bare numbers when given as ints."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return Response(text.encode("utf-8"), status, content_type)


def html_response(text: str, status: int = 200, encoding: str = "utf-8", charset_label: str | None = None) -> Response:
    """An HTML page; ``charset_label`` is what the header claims (may differ from the real ``encoding``)."""
    label = charset_label or encoding
    return Response(text.encode(encoding, errors="xmlcharrefreplace"), status, f"text/html; charset={label}")


def text_response(text: str, status: int = 200, content_type: str = "text/html;charset=UTF-8") -> Response:
    """Plain text (or JS, XML-ish) in UTF-8."""
    return Response(text.encode("utf-8"), status, content_type)


def not_found(message: str = "404 Not Found") -> Response:
    """A plain 404 page."""
    return html_response(f"<html><head><title>404</title></head><body><h1>{message}</h1></body></html>", 404)


Handler = Callable[[Request], Response]


@dataclass(frozen=True)
class Route:
    """``methods`` + a path regex (full match) → handler; ``source`` is None for the sandbox's own routes."""

    methods: tuple[str, ...]
    pattern: re.Pattern[str]
    handler: Handler
    source: "Source | None" = None


class Source(ABC):
    """One source kind: builds its messages at start, publishes more on ``grow``, answers its routes."""

    key: ClassVar[str]
    fault_kinds: ClassVar[tuple[str, ...]] = GENERIC_FAULTS
    error_page: ClassVar[str] = "系统繁忙，请稍后再试"

    def __init__(self, seed: int, clock: Clock) -> None:
        self.seed = seed
        self.clock = clock
        self.gen = ContentGen(seed, self.key)
        self.store = SourceStore()
        self.build(clock.now())

    @abstractmethod
    def build(self, now: datetime) -> None:
        """Create the initial messages (deterministic from the seed)."""

    @abstractmethod
    def grow(self, now: datetime) -> None:
        """Publish one new message."""

    @abstractmethod
    def routes(self) -> list[Route]:
        """This source's routes."""

    def route(self, methods: str, pattern: str, handler: Handler) -> Route:
        """Shorthand: ``self.route("GET POST", r"/x/y", self.handler)``."""
        return Route(tuple(methods.split()), re.compile(pattern), handler, self)

    def manifest(self) -> list[str]:
        """External ids of every visible message (see ROUTES.md for which id per source)."""
        return self.store.manifest()

    def now(self) -> datetime:
        """The server clock."""
        return self.clock.now()


def md5_hex(text: str) -> str:
    """Hex MD5 of UTF-8 text (the platforms' signing primitive)."""
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def to_int(value: str | int | None, default: int = 0, lo: int | None = None, hi: int | None = None) -> int:
    """Lenient int parsing with optional clamping (bad input → ``default``)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        number = default
    if lo is not None:
        number = max(lo, number)
    if hi is not None:
        number = min(hi, number)
    return number


def window(items: Sequence[T], offset: int, size: int) -> tuple[list[T], bool]:
    """``items[offset:offset+size]`` and whether more follow."""
    offset = max(offset, 0)
    return list(items[offset:offset + size]), offset + size < len(items)


def older_than(items: Sequence[Any], seq: int | None, size: int) -> tuple[list[Any], bool]:
    """Cursor paging on newest-first items: the first ``size`` with ``seq`` below the cursor (None = from the top)."""
    rest = [e for e in items if seq is None or e.seq < seq]
    return rest[:size], len(rest) > size


def pages(total: int, size: int) -> int:
    """Number of pages of ``size`` needed for ``total`` items."""
    return (total + size - 1) // size if size > 0 else 0
