"""Classic 问政 HTML platforms (阳光热线问政 shape): `ul > li` list pages with a 下一页 link, `<pre>` letter and reply in the detail."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

from scrapy.http import Request, Response

from crawlers.items import MessageItem
from crawlers.spiders.base import BaseSpider
from crawlers.textclean import html_to_text

STREAM = "list"

SELECTORS: dict[str, str] = {
    "rows": "ul.title-state-ul > li",
    "id": "span.state1::text",
    "status": "span.state2::text",
    "link": "span.state3 > a",
    "time": "span.state4::text",
    "next": "//a[normalize-space()='下一页']/@href",  # XPath
    "title": "div.mr-three p.focus-title",
    "meta": "div.focus-date-list span",  # 网友：…, the time, 状态：…, 编号：…
    "text": "div.details-box > pre",
    "reply_meta": "div.reply-box span",  # 回复单位：…, 回复时间：…
    "reply": "div.reply-box > pre",
}
_LABELLED = re.compile(r"^(网友|状态|编号|回复单位|回复时间)[:：]\s*(.*)$")


def labelled(spans: list[str]) -> tuple[dict[str, str], list[str]]:
    """`<span>网友：小陈</span>`-style fields as {label: value}, and the unlabelled spans (the time)."""
    fields, rest = {}, []
    for span in spans:
        text = html_to_text(span)
        m = _LABELLED.match(text)
        if m:
            fields[m.group(1)] = m.group(2).strip()
        elif text:
            rest.append(text)
    return fields, rest


class WenzhengSpider(BaseSpider):
    """Config: base_url, list_path (/political/index/politicsNewest), list_params ({id = 1}), selectors (SELECTORS)."""

    kind = "gov_wenzheng"

    @property
    def sel(self) -> dict[str, str]:
        return self.selectors(SELECTORS)

    def first_requests(self) -> Iterator[Request]:
        params = {**(self.config.get("list_params") or {"id": 1}), "page": 1}
        yield self.request(self.config.get("list_path", "/political/index/politicsNewest"), self.parse_list,
                           stream=STREAM, params=params, expect="html")

    def parse_list(self, response: Response) -> Iterator[Request]:
        page, sel = self.complete_html(response), self.sel
        items = []
        for row in page.css(sel["rows"]):
            ext = (row.css(sel["id"]).get() or "").strip()
            link = row.css(sel["link"])
            if not ext or not link:
                continue
            title = html_to_text(link.get())
            items.append(self.item(response, external_id=ext, title=title, text_raw=title, is_truncated=True,
                                   created_at_raw=(row.css(sel["time"]).get() or "").strip() or None,
                                   status_raw=(row.css(sel["status"]).get() or "").strip() or None,
                                   url=urljoin(response.url, link.attrib.get("href", "")), raw={"row": row.get()}))
        details = [self.request(it["url"], self.parse_detail, stream=STREAM, expect="html", cb_kwargs={"item": it})
                   for it in items if self.is_fresh(it)]
        more = self.keep_paging(response, items)
        yield from details
        next_href = page.xpath(sel["next"]).get()
        if more and next_href:
            yield self.request(urljoin(response.url, next_href), self.parse_list, stream=STREAM, expect="html")

    def parse_detail(self, response: Response, item: MessageItem) -> Iterator[MessageItem]:
        page, sel = self.complete_html(response), self.sel
        body = page.css(sel["text"]).get()
        if body is None:
            raise self.malformed(response, f"no letter at {sel['text']!r}")
        meta, times = labelled(page.css(sel["meta"]).getall())
        reply_meta, _ = labelled(page.css(sel["reply_meta"]).getall())
        item["title"] = html_to_text(page.css(sel["title"]).get()) or item.get("title")
        item["text_raw"] = body
        item["is_truncated"] = False
        item["author_name"] = meta.get("网友")
        item["status_raw"] = meta.get("状态") or item.get("status_raw")
        item["created_at_raw"] = times[0] if times else item.get("created_at_raw")
        item["reply_text"] = page.css(sel["reply"]).get()
        item["reply_org"] = reply_meta.get("回复单位")
        item["reply_time"] = reply_meta.get("回复时间")
        yield item
