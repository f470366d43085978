"""12345 hotline public work orders (办件公开): JSON list by publication time + a detail per order (appeal, reply, own deadline)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Request, Response

from crawlers.bodies import OK, Judgement, Verdict
from crawlers.items import MessageItem
from crawlers.spiders.base import BaseSpider

STREAM = "orders"


class HotlineSpider(BaseSpider):
    """Config: base_url, list_path (/public/list), detail_path (/public/detail), page_size (20)."""

    kind = "hotline_12345"

    def first_requests(self) -> Iterator[Request]:
        yield self._page(1)

    def _page(self, page: int) -> Request:
        params = {"page": page, "size": int(self.config.get("page_size", 20)), "status": "all"}
        return self.request(self.config.get("list_path", "/public/list"), self.parse_list, stream=STREAM, params=params,
                            cb_kwargs={"page": page})

    def judge(self, data: Any, response: Response) -> Judgement:
        if not isinstance(data, dict) or "code" not in data:
            return Judgement(Verdict.TRANSIENT, "unexpected payload")
        if data["code"] == 404:
            return Judgement(Verdict.ERROR, str(data.get("msg")))
        return OK if data["code"] == 0 else Judgement(Verdict.TRANSIENT, f"code={data['code']} {data.get('msg')}")

    def parse_list(self, response: Response, page: int) -> Iterator[Any]:
        rows = self.payload(response)["data"]["list"]
        items = [self._order(response, row) for row in rows]
        for item in (it for it in items if self.is_fresh(it)):
            yield self.request(self.config.get("detail_path", "/public/detail"), self.parse_detail, stream=STREAM,
                               params={"orderNo": item["external_id"]}, cb_kwargs={"item": item})
        if self.keep_paging(response, items):
            yield self._page(page + 1)

    def _order(self, response: Response, row: dict[str, Any]) -> MessageItem:
        return self.item(response, external_id=row["orderNo"], title=row.get("title"), text_raw=row.get("title") or "",
                         is_truncated=True, created_at_raw=row.get("acceptTime"), received_at=row.get("acceptTime"),
                         mark_at=row.get("publishTime"), own_due_at=row.get("deadline") or None, urgent=bool(row.get("urgent")),
                         category=row.get("category"), status_raw=row.get("status"), target_org=row.get("handleDept"),
                         reply_time=row.get("replyTime") or None, extra={"area": row.get("area"), "satisfaction": row.get("satisfaction")},
                         raw=row)

    def parse_detail(self, response: Response, item: MessageItem) -> Iterator[MessageItem]:
        data = self.payload(response)["data"]
        item["text_raw"] = data["appeal"]
        item["is_truncated"] = False
        item["reply_text"] = data.get("reply") or None
        item["reply_org"] = data.get("handleDept")
        item["own_due_at"] = data.get("deadline") or item.get("own_due_at")
        item["extra"] = {**(item.get("extra") or {}), "version": data.get("version"), "flow": data.get("flow")}
        item["raw"] = data
        yield item
