"""Hanweb "jpage" boards (网上来信选登): CDATA record windows from the data proxy, then the letter and answer from `#zoom`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

from parsel import Selector
from scrapy.http import Response

from crawlers.items import MessageItem
from crawlers.spiders.hanweb import HanwebSpider
from crawlers.textclean import html_to_text

_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)

SELECTORS: dict[str, str] = {
    "link": "a",  # the record's link to the article
    "date": "span::text",  # the record's date
    "id_pattern": r"art_\d+_(\d+)\.html",  # the article id inside the link
    "body": "#zoom > p",  # the article's paragraphs
    "letter_marker": "网友来信",  # paragraph starting the citizen's letter (absent: the whole body is the letter)
    "reply_marker": "答复内容",  # paragraph starting the official answer
    "signature": "#zoom > p[style*='right']",  # trailing answer signature: unit, then date
}


class JpageSpider(HanwebSpider):
    """Config: base_url, list_path, form (columnid, webid, unitid, …), perpage (15), group (3), selectors (SELECTORS)."""

    kind = "gov_jpage"
    list_path = "/module/web/jpage/dataproxy.jsp"

    @property
    def sel(self) -> dict[str, str]:
        return self.selectors(SELECTORS)

    def list_form(self) -> dict[str, Any]:
        return {"col": 1, "appid": 1, "webid": 1, "path": "/", "sourceContentType": 1, "permissiontype": 0,
                **super().list_form()}

    def records(self, response: Response, text: str) -> list[MessageItem]:
        sel, items = self.sel, []
        pattern = re.compile(sel["id_pattern"])
        for cdata in _RECORD.findall(text):
            record = Selector(text=cdata)
            link = record.css(sel["link"])
            href = link.attrib.get("href", "")
            found = pattern.search(href)
            if not found:  # the trailing non-item record ("更多>>")
                continue
            title = link.attrib.get("title") or html_to_text(link.get())
            items.append(self.item(response, external_id=found.group(1), title=title, text_raw=title, is_truncated=True,
                                   created_at_raw=(record.css(sel["date"]).get() or "").strip() or None,
                                   url=urljoin(response.url, href), raw={"record": cdata}))
        return items

    def parse_detail(self, response: Response, item: MessageItem) -> Iterator[MessageItem]:
        page, sel = self.complete_html(response), self.sel
        signature = page.css(sel["signature"]).getall()
        paragraphs = [p for p in page.css(sel["body"]).getall() if p not in signature]
        if not paragraphs:
            raise self.malformed(response, f"no article body at {sel['body']!r}")
        texts = [html_to_text(p) for p in paragraphs]
        letter: list[str] = []
        answer: list[str] = []
        part = None if any(t.startswith(sel["letter_marker"]) for t in texts) else letter
        for markup, text in zip(paragraphs, texts):
            if text.startswith(sel["letter_marker"]):
                part = letter
            elif text.startswith(sel["reply_marker"]):
                part = answer
            elif part is not None:
                part.append(markup)
        signed = [html_to_text(s) for s in signature]
        item["text_raw"] = "".join(letter)
        item["is_truncated"] = False
        item["reply_text"] = "".join(answer) or None
        item["reply_org"] = signed[0] if answer and signed else None
        item["reply_time"] = signed[-1] if answer and len(signed) > 1 else None
        item["raw"] = {**(item.get("raw") or {}), "detail": "".join(page.css(sel["body"]).getall())}
        yield item
