"""人民网 领导留言板, legacy interface: form POST `queryThreadsList` paged by `lastItem` (= last tid), full text from the HTML detail."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Request, Response

from crawlers.bodies import OK, Judgement, Verdict
from crawlers.errors import SourceConfigError
from crawlers.items import MessageItem
from crawlers.spiders.base import BaseSpider
from crawlers.sources import SourceSpec

STREAM = "list"
PAGE_SIZE = 10
PREVIEW_ENDS = ("...", "…", "……")

SELECTORS: dict[str, str] = {
    "text": "div.content",
    "reply_org": ".replyInfo .replyOrg::text",
    "reply": ".replyInfo .replyContent",
    "reply_time": ".replyInfo .replyTime::text",
}


def thread_item(spider: BaseSpider, response: Response, row: dict[str, Any]) -> MessageItem:
    """A 留言 (thread) of either 人民网 list as an item; `content` is a preview when it ends in `...`."""
    content = str(row.get("content") or "")
    return spider.item(
        response, external_id=row["tid"], title=row.get("subject"), text_raw=content,
        is_truncated=content.rstrip().endswith(PREVIEW_ENDS), author_name=row.get("nickName"), author_id=row.get("userId"),
        created_at_raw=row.get("dateline") or row.get("createDateline"), category=row.get("typeName"),
        domain=row.get("domainName"), target_org=row.get("forumName"), status_raw=row.get("stateInfo"),
        ip_region=(row.get("from") or "").strip() or None, reply_text=row.get("answerContent") or None,
        reply_org=row.get("answerOrganization") or None, reply_time=row.get("answerDateline") or None,
        url=spider.url("/threads/content", {"tid": row["tid"]}),
        extra={k: v for k, v in {"published_at": row.get("threadsCheckTime"), "process": row.get("processInfo"),
                                 "via": row.get("sourceName"), "grade": row.get("grade")}.items() if v is not None},
        raw=row)


def page_items(spider: BaseSpider, response: Response, rows: list[dict[str, Any]],
               detail: Any) -> tuple[list[MessageItem], list[Any]]:
    """The page's items, and what to yield now: complete items as they are, a detail request for each fresh preview."""
    items = [thread_item(spider, response, row) for row in rows]
    out = [detail(it) if it["is_truncated"] else it for it in items if spider.is_fresh(it)]
    return items, out


class LiuyanLegacySpider(BaseSpider):
    """Config: base_url, fid (留言对象), state (1 全部 | 2 待回复 | 3 办理中 | 4 已办理), list_path, detail_path, selectors."""

    kind = "liuyan_legacy"

    def __init__(self, spec: SourceSpec, **kwargs: Any) -> None:
        super().__init__(spec, **kwargs)
        if not self.config.get("fid"):
            raise SourceConfigError(spec.key, "需要 fid (留言对象)")

    def first_requests(self) -> Iterator[Request]:
        yield self._page(0)

    def _page(self, last_item: Any) -> Request:
        fid = self.config.get("fid", "")
        form = {"fid": fid, "state": self.config.get("state", 1), "lastItem": last_item}
        return self.request(self.config.get("list_path", "/threads/queryThreadsList"), self.parse_list, stream=STREAM,
                            form=form, headers={"Referer": self.url("/threads/list", {"fid": fid})})

    def judge(self, data: Any, response: Response) -> Judgement:
        if not isinstance(data, dict) or "responseData" not in data:
            return Judgement(Verdict.TRANSIENT, "unexpected payload (no responseData)")
        if data.get("success") is False or data.get("result") not in (None, "success"):
            return Judgement(Verdict.TRANSIENT, f"result={data.get('result')}")
        return OK

    def parse_list(self, response: Response) -> Iterator[Any]:
        rows = self.payload(response)["responseData"] or []
        items, out = page_items(self, response, rows, self._detail)
        more = self.keep_paging(response, items)
        yield from out
        if more and len(rows) >= int(self.config.get("page_size", PAGE_SIZE)):
            yield self._page(rows[-1]["tid"])

    def _detail(self, item: MessageItem) -> Request:
        return self.request(self.config.get("detail_path", "/threads/content"), self.parse_detail, stream=STREAM,
                            params={"tid": item["external_id"]}, expect="html", cb_kwargs={"item": item})

    def parse_detail(self, response: Response, item: MessageItem) -> Iterator[MessageItem]:
        page = self.complete_html(response)
        sel = self.selectors(SELECTORS)
        body = page.css(sel["text"]).get()
        if body is None:
            raise self.malformed(response, f"no letter at {sel['text']!r}")
        item["text_raw"] = body
        item["is_truncated"] = False
        item["reply_text"] = page.css(sel["reply"]).get() or item.get("reply_text")
        item["reply_org"] = page.css(sel["reply_org"]).get() or item.get("reply_org")
        item["reply_time"] = page.css(sel["reply_time"]).get() or item.get("reply_time")
        yield item
