"""人民网 领导留言板, signed JSON API: `list/df` paged by `lastItem`, full text and the official reply from `content`."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from scrapy.http import Request, Response

from crawlers.bodies import OK, Judgement, Verdict
from crawlers.errors import SourceConfigError
from crawlers.items import MessageItem
from crawlers.signing import load_signer
from crawlers.spiders.base import BaseSpider
from crawlers.spiders.liuyan_legacy import PAGE_SIZE, STREAM, page_items
from crawlers.sources import SourceSpec

LIST_PATH = "/v1/threads/list/df"
CONTENT_PATH = "/v1/threads/content"
BAD_SIGNATURE = "SN0006"
LETTER, OFFICIAL_REPLY = 1, 4


class LiuyanApiSpider(BaseSpider):
    """Config: base_url, fid, app_code, signer (liuyan_md5 | module:Class), token (""), rows (10), type_id (5)."""

    kind = "liuyan_api"

    def __init__(self, spec: SourceSpec, **kwargs: Any) -> None:
        super().__init__(spec, **kwargs)
        for required in ("fid", "app_code"):
            if not self.config.get(required):
                raise SourceConfigError(spec.key, f"需要 {required}")
        self.signer = load_signer(spec.key, self.config, "liuyan_md5")

    def signed(self, path: str, param: dict[str, Any], callback: Any, **kwargs: Any) -> Request:
        """A POST of `path` whose body carries `param` as a compact JSON string (key order kept) and its signature."""
        text = json.dumps(param, ensure_ascii=False, separators=(",", ":"))
        token = str(self.config.get("token", ""))
        body = {"appCode": self.config.get("app_code", ""), "token": token,
                "signature": self.signer.signature(path, text, token), "param": text}
        return self.request(path, callback, stream=STREAM, json_body=body, **kwargs)

    def first_requests(self) -> Iterator[Request]:
        yield self._page("")

    def _page(self, last_item: str) -> Request:
        param = {"fid": str(self.config.get("fid", "")), "showUnAnswer": 1, "typeId": int(self.config.get("type_id", 5)),
                 "lastItem": last_item, "position": "0", "rows": self._rows(), "orderType": 2}
        return self.signed(LIST_PATH, param, self.parse_list)

    def _rows(self) -> int:
        return int(self.config.get("rows", PAGE_SIZE))

    def judge(self, data: Any, response: Response) -> Judgement:
        if not isinstance(data, dict):
            return Judgement(Verdict.TRANSIENT, "unexpected payload")
        if data.get("code") == BAD_SIGNATURE:
            reason = f"{BAD_SIGNATURE} {data.get('msg', '')}: 签名被拒，appCode 或签名算法可能已更新 (signature rejected)"
            self.stop_source("bad_signature", reason)
            return Judgement(Verdict.ERROR, reason)
        code = str(data.get("resultCode", ""))
        if code == "0":
            return OK
        return Judgement(Verdict.ERROR if code == "1" else Verdict.TRANSIENT, f"resultCode={code} {data.get('resultMsg', '')}")

    def parse_list(self, response: Response) -> Iterator[Any]:
        rows = self.payload(response)["resultData"]["data"] or []
        items, out = page_items(self, response, rows, self._detail)
        more = self.keep_paging(response, items)
        yield from out
        if more and len(rows) >= self._rows():
            yield self._page(str(rows[-1]["tid"]))

    def _detail(self, item: MessageItem) -> Request:
        return self.signed(CONTENT_PATH, {"tid": item["external_id"], "fromTrash": 0}, self.parse_detail,
                           cb_kwargs={"item": item})

    def parse_detail(self, response: Response, item: MessageItem) -> Iterator[MessageItem]:
        parts = self.payload(response)["resultData"]["contentList"]
        letters = [p for p in parts if p.get("dataType") == LETTER]
        if not letters:
            raise self.malformed(response, "no dataType 1 (letter) in contentList")
        replies = [p for p in parts if p.get("dataType") == OFFICIAL_REPLY]
        item["text_raw"] = letters[0].get("content") or item["text_raw"]
        item["is_truncated"] = False
        if replies:
            last = replies[-1]
            item["reply_text"] = last.get("content")
            item["reply_org"] = last.get("organization")
            item["reply_time"] = last.get("dateline")
        others = [p for p in parts if p.get("dataType") not in (LETTER, OFFICIAL_REPLY)]
        if others:
            item["extra"] = {**(item.get("extra") or {}), "followups": others}
        item["raw"] = {"list": item.get("raw"), "content": parts}
        yield item
