"""Hanweb "jact" mailboxes (局长/市长信箱): the JavaScript `dataStore = [...]` list, then the label/value detail table (GBK)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

from parsel import Selector
from scrapy.http import Response

from crawlers.items import MessageItem
from crawlers.spiders.hanweb import HanwebSpider, label_values
from crawlers.textclean import html_to_text

_DATASTORE = re.compile(r"dataStore\s*=\s*(\[.*\])\s*;?", re.S)

COLUMNS = ("number", "title", "status", "date", "clicks")
"""The list table's columns in order (sites differ: set `columns` in the source config)."""

SELECTORS: dict[str, str] = {"rows": "div.jact_main table tr"}  # the detail's label/value rows

LABELS: dict[str, str] = {
    "title": "信件标题", "number": "信件编号", "author": "来信人", "text": "来信内容", "status": "办理状态",
    "created": "来信时间", "reply": "回复内容", "reply_org": "回复单位", "reply_time": "回复时间",
}
"""Field -> label of the detail table (set `labels` in the source config for other wordings)."""


class JactSpider(HanwebSpider):
    """Config: base_url, sysid, list_path, selectors (rows), `columns`, `labels`, `id_param` (objid),
    perpage (19), group (3), encoding (for GBK pages that claim gb2312 the default already decodes as gb18030)."""

    kind = "gov_jact"
    list_path = "/jact/front/dataproxy_mailpublist.do"
    perpage = 19

    def list_form(self) -> dict[str, Any]:
        blank = dict.fromkeys(("datadetailid", "dicvalue", "mailnumber", "querycode", "groupid", "mailstate",
                               "starttime", "endtime", "keyword"), "")
        return {"sysid": self.config.get("sysid", ""), **blank, "orderfield": 1, **super().list_form()}

    def records(self, response: Response, text: str) -> list[MessageItem]:
        found = _DATASTORE.search(text)
        if not found:
            raise self.malformed(response, "no dataStore = [...] in the list answer")
        try:
            rows = json.loads(found.group(1), strict=False)
        except ValueError as exc:
            raise self.malformed(response, f"dataStore is not a JS array ({exc})") from None
        columns = list(self.config.get("columns") or COLUMNS)
        id_param = str(self.config.get("id_param", "objid"))
        items = []
        for row in rows:
            cells = Selector(text=f"<table>{row}</table>").xpath("//tr/td")
            by_name = {name: cells[i] for i, name in enumerate(columns) if i < len(cells)}
            link = by_name["title"].css("a")
            href = link.attrib.get("href", "")
            ext = (parse_qs(urlsplit(href).query).get(id_param) or [None])[0]
            if not ext:
                continue  # a header / filler row
            title = link.attrib.get("title") or html_to_text(link.get())
            value = {name: html_to_text(cell.get()) for name, cell in by_name.items() if name != "title"}
            items.append(self.item(response, external_id=ext, title=title, text_raw=title, is_truncated=True,
                                   created_at_raw=value.get("date") or None, status_raw=value.get("status"),
                                   url=urljoin(response.url, href),
                                   extra={"number": value.get("number"), "clicks": value.get("clicks")}, raw={"row": row}))
        return items

    def parse_detail(self, response: Response, item: MessageItem) -> Iterator[MessageItem]:
        page = self.complete_html(response)
        labels = {**LABELS, **(self.config.get("labels") or {})}
        table = label_values(page.css(self.selectors(SELECTORS)["rows"]))
        value = {field: table.get(label) for field, label in labels.items()}
        if value["text"] is None:
            if response.meta.get("redirect_urls"):  # invalid / withdrawn letters redirect to an error page
                self.runlog.warn("withdrawn", f"{item['external_id']}: 信件已不公开 (detail redirects to an error page)",
                                 response.url)
                return
            raise self.malformed(response, f"no {labels['text']!r} in the detail table")
        text = {name: html_to_text(markup) or None for name, markup in value.items() if markup is not None}
        item["text_raw"] = value["text"]
        item["is_truncated"] = False
        item["title"] = text.get("title") or item.get("title")
        item["author_name"] = text.get("author")
        item["created_at_raw"] = text.get("created") or item.get("created_at_raw")
        item["status_raw"] = text.get("status") or item.get("status_raw")
        item["reply_text"] = value["reply"] or None
        item["reply_org"] = text.get("reply_org")
        item["reply_time"] = text.get("reply_time")
        item["raw"] = {**(item.get("raw") or {}), "detail": table}
        yield item
