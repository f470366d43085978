"""武汉城市留言板: form-POST `selectThreadsByGroup` pages (previews), then `selectThreadsOne` for the full text and the answers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Request, Response

from crawlers.bodies import OK, Judgement, Verdict
from crawlers.items import MessageItem
from crawlers.spiders.base import BaseSpider

STREAM = "list"
API = "/messageboard/internetUserInterface"
HANDLE_STATE = {1: "全部", 2: "办理中", 3: "已回复"}


class WuhanBoardSpider(BaseSpider):
    """Config: base_url, fid (区/部门, "" = all), handle_state (1 全部 | 2 办理中 | 3 已回复), page_size (20), api (path)."""

    kind = "wuhan_board"

    def first_requests(self) -> Iterator[Request]:
        yield self._page(1)

    def _size(self) -> int:
        return int(self.config.get("page_size", 20))

    def _api(self, name: str) -> str:
        return f"{self.config.get('api', API)}/{name}"

    def _page(self, page: int) -> Request:
        form = {"pageSize": self._size(), "pageNum": page, "fid": self.config.get("fid", ""),
                "handleState": self.config.get("handle_state", 1), "threadState": ""}
        return self.request(self._api("selectThreadsByGroup"), self.parse_list, stream=STREAM, form=form,
                            cb_kwargs={"page": page})

    def judge(self, data: Any, response: Response) -> Judgement:
        if isinstance(data, dict) and isinstance(data.get("rows"), list):
            return OK
        if isinstance(data, dict) and "threadsObj" in data:
            return OK if data["threadsObj"] else Judgement(Verdict.ERROR, f"留言不存在 {data.get('msg', '')}")
        return Judgement(Verdict.TRANSIENT, "unexpected payload (no rows / threadsObj)")

    def parse_list(self, response: Response, page: int) -> Iterator[Any]:
        data = self.payload(response)
        items = [self._row(response, row) for row in data["rows"]]
        out = [self._detail(it) for it in items if self.is_fresh(it)]
        more = self.keep_paging(response, items)
        yield from out
        if more and page * self._size() < int(data.get("total") or 0):
            yield self._page(page + 1)

    def _row(self, response: Response, row: dict[str, Any]) -> MessageItem:
        return self.item(response, external_id=row["queryCode"], title=row.get("subject"), text_raw=row.get("content") or "",
                         is_truncated=True, created_at_raw=row.get("dateline_txt"), category=row.get("typeId_txt"),
                         domain=row.get("domainId_txt"), status_raw=HANDLE_STATE.get(row.get("handleState"), None),  # type: ignore[arg-type]
                         raw=row)

    def _detail(self, item: MessageItem) -> Request:
        return self.request(self._api("selectThreadsOne"), self.parse_detail, stream=STREAM,
                            form={"tid": item["external_id"]}, cb_kwargs={"item": item})

    def parse_detail(self, response: Response, item: MessageItem) -> Iterator[MessageItem]:
        thread = self.payload(response)["threadsObj"]
        answers = thread.get("answersList") or []
        item["text_raw"] = thread["content"]
        item["is_truncated"] = False
        item["url"] = self.config.get("detail_url", "").format(tid=item["external_id"]) or item.get("url")
        if answers:
            last = answers[-1]
            item["reply_text"] = last.get("asContent")
            item["reply_org"] = last.get("organization")
            item["reply_time"] = last.get("dateline_txt")
            feedback = [{"text": a["feedbackContent"], "at": a.get("feedbackCreateTime")}
                        for a in answers if a.get("feedbackContent")]
            if feedback:
                item["extra"] = {**(item.get("extra") or {}), "feedback": feedback}
        item["raw"] = {"list": item.get("raw"), "detail": {k: v for k, v in thread.items() if k != "content"}}
        yield item
