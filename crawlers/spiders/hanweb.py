"""Shared by the board kinds: Hanweb (大汉) data-proxy record windows, and label/value detail tables."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, ClassVar

from parsel import Selector, SelectorList
from scrapy.http import Request, Response

from crawlers.items import MessageItem
from crawlers.spiders.base import BaseSpider
from crawlers.textclean import html_to_text

STREAM = "list"
_TOTAL = re.compile(r"totalRecord\s*[:=]\s*(\d+)")


def inner_html(cell: Selector | SelectorList) -> str:
    """The markup inside a cell (its children), as served."""
    return "".join(cell.xpath("node()").getall())


def label_values(rows: SelectorList) -> dict[str, str]:
    """`<tr><td>label</td><td>value</td>…</tr>` tables as {label: value markup}; the first occurrence of a label wins."""
    found: dict[str, str] = {}
    for row in rows:
        cells = row.xpath("./td|./th")
        i = 0
        while i + 1 < len(cells):
            label = html_to_text(cells[i].get()).rstrip("：:").replace(" ", "")
            if label and len(label) <= 12:
                found.setdefault(label, inner_html(cells[i + 1]))
                i += 2
            else:
                i += 1
    return found


def total_records(text: str) -> int | None:
    """`totalRecord:127` / `var totalRecord = 203;` from a Hanweb data proxy answer."""
    m = _TOTAL.search(text)
    return int(m.group(1)) if m else None


class HanwebSpider(BaseSpider):
    """A Hanweb data proxy list (POST form, `startrecord`..`endrecord` windows of `perpage` × `group`) with a detail per row.

    Subclasses give `list_path`, `list_form()`, `records(response, text) -> items` (with `url` = the detail page) and
    `parse_detail(response, item)`.
    Config: list_path, perpage, group, form (extra form fields), selectors (see the subclass).
    """

    list_path: ClassVar[str] = ""
    perpage: ClassVar[int] = 15
    group: ClassVar[int] = 3

    def list_form(self) -> dict[str, Any]:
        return dict(self.config.get("form") or {})

    def records(self, response: Response, text: str) -> list[MessageItem]:
        raise NotImplementedError

    def parse_detail(self, response: Response, item: MessageItem) -> Iterator[MessageItem]:
        raise NotImplementedError

    def detail_request(self, item: MessageItem) -> Request:
        return self.request(item["url"], self.parse_detail, stream=STREAM, expect="html", cb_kwargs={"item": item})

    def first_requests(self) -> Iterator[Request]:
        yield self._window(1)

    def _window(self, start: int) -> Request:
        perpage = int(self.config.get("perpage", self.perpage))
        size = perpage * int(self.config.get("group", self.group))
        params = {"startrecord": start, "endrecord": start + size - 1, "perpage": perpage}
        return self.request(self.config.get("list_path", self.list_path), self.parse_window, stream=STREAM, params=params,
                            form=self.list_form(), expect="text", cb_kwargs={"start": start, "size": size})

    def parse_window(self, response: Response, start: int, size: int) -> Iterator[Request]:
        text = response.text
        total = total_records(text)
        if total is None:
            raise self.malformed(response, "no totalRecord in the data proxy answer")
        items = self.records(response, text)
        details = [self.detail_request(it) for it in items if self.is_fresh(it)]
        more = self.keep_paging(response, items)
        yield from details
        if more and start + size <= total:
            yield self._window(start + size)
