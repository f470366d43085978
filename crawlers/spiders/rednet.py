"""红网 百姓呼声 / 问政湖南: the `msg/list` JSON (or form) body paged by `page`, the HTML letter and replies from `msg/detail`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Request, Response

from crawlers.bodies import OK, Judgement, Verdict
from crawlers.items import MessageItem
from crawlers.spiders.base import BaseSpider
from crawlers.textclean import parse_count

STREAM = "list"
IS_REPLY = {0: "未办理", 1: "已办理", 2: "办理中", 3: "最新回应"}


class RednetSpider(BaseSpider):
    """Config: base_url, list_path (/front/msg/list), detail_path (/front/msg/detail), page_num (20),
    body ("json" | "form": some deployments only take form bodies), list_params (cate_id, city_id, is_reply …)."""

    kind = "rednet"

    def first_requests(self) -> Iterator[Request]:
        yield self._page(1)

    def _size(self) -> int:
        return int(self.config.get("page_num", 20))

    def _page(self, page: int) -> Request:
        fields = {"is_list": 1, **(self.config.get("list_params") or {}), "page": page, "page_num": self._size()}
        body = {"form": fields} if self.config.get("body", "json") == "form" else {"json_body": fields}
        return self.request(self.config.get("list_path", "/front/msg/list"), self.parse_list, stream=STREAM,
                            cb_kwargs={"page": page}, **body)

    def judge(self, data: Any, response: Response) -> Judgement:
        if not isinstance(data, dict):
            return Judgement(Verdict.TRANSIENT, "unexpected payload")
        status = str(data.get("status"))
        if status == "1":
            return OK
        verdict = Verdict.ERROR if status == "0" else Verdict.TRANSIENT
        return Judgement(verdict, f"status={status} {data.get('msg', '')}")

    def parse_list(self, response: Response, page: int) -> Iterator[Any]:
        data = self.payload(response)["data"]
        items = [self._row(response, row) for row in data["rows"] or []]
        out = [self._detail(it) for it in items if self.is_fresh(it)]
        more = self.keep_paging(response, items)
        yield from out
        if more and page * self._size() < int(data.get("total") or 0):
            yield self._page(page + 1)

    def _row(self, response: Response, row: dict[str, Any]) -> MessageItem:
        state = IS_REPLY.get(row.get("is_reply"), str(row.get("is_reply")))  # type: ignore[arg-type]
        return self.item(response, external_id=row["id"], title=row.get("title"), text_raw=row.get("title") or "",
                         is_truncated=True, created_at_raw=row.get("created_at"), category=row.get("type_name"),
                         author_name=row.get("nickname"), status_raw=state, reply_org=row.get("reply_name") or None,
                         reply_time=row.get("reply_time") or None, url=self.url(self._detail_path(), {"id": row["id"]}),
                         extra={"views": parse_count(row.get("click_num")), "city_id": row.get("city_id"), "area_id": row.get("area_id")},
                         raw=row)

    def _detail_path(self) -> str:
        return self.config.get("detail_path", "/front/msg/detail")

    def _detail(self, item: MessageItem) -> Request:
        return self.request(self._detail_path(), self.parse_detail, stream=STREAM, params={"id": item["external_id"]},
                            cb_kwargs={"item": item})

    def parse_detail(self, response: Response, item: MessageItem) -> Iterator[MessageItem]:
        data = self.payload(response)["data"]
        replies = data.get("reply") or []
        item["text_raw"] = data["content"]
        item["is_truncated"] = False
        if replies:
            last = replies[-1]
            item["reply_text"] = last.get("content")
            item["reply_org"] = last.get("name") or item.get("reply_org")
            item["reply_time"] = last.get("reply_time") or item.get("reply_time")
        if data.get("comment"):
            item["extra"] = {**(item.get("extra") or {}), "comments": data["comment"]}
        item["raw"] = {"list": item.get("raw"), "detail": {k: v for k, v in data.items() if k != "content"}}
        yield item
