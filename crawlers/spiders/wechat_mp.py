"""WeChat official-account article comments: article list, comment_id per article, appmsg_comment pages and replies."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scrapy.http import Request, Response

from crawlers.bodies import OK, Judgement, Verdict
from crawlers.items import MessageItem
from crawlers.spiders.base import BaseSpider

_COMMENT_ID = re.compile(r"""var\s+comment_id\s*=\s*['"](\d+)['"]""")
_APPMSGID = re.compile(r"""var\s+appmsgid\s*=\s*['"](\d+)['"]""")
THROTTLE_RET = {-6, 200013}
LOGIN_RET = {-3, -2001}


class WechatSpider(BaseSpider):
    """Config: base_url, biz, and `key` (captured by hand; expires) — or, in the sandbox, `key_url` to mint one."""

    kind = "wechat_mp"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key: str = str(self.config.get("key") or "")
        self.limit = int(self.config.get("limit", 10))

    def first_requests(self) -> Iterator[Request]:
        if self.config.get("key_url"):
            yield self.request(self.config["key_url"], self.parse_key, stream="articles")
        else:
            yield self._homepage()

    def judge(self, data: Any, response: Response) -> Judgement:
        if not isinstance(data, dict):
            return Judgement(Verdict.TRANSIENT, "unexpected JSON")
        if "base_resp" not in data:
            return OK if "key" in data else Judgement(Verdict.TRANSIENT, "JSON without base_resp")
        ret, msg = data["base_resp"].get("ret", 0), str(data["base_resp"].get("errmsg", ""))
        if ret == 0:
            return OK
        if ret in LOGIN_RET or "no session" in msg:
            return Judgement(Verdict.LOGIN, f"微信 key 已失效 (ret={ret} {msg})；请重新抓取 key 并写入 sources.toml")
        if ret in THROTTLE_RET or "频繁" in msg or "freq" in msg:
            return Judgement(Verdict.THROTTLE, f"ret={ret} {msg}")
        return Judgement(Verdict.TRANSIENT, f"ret={ret} {msg}")

    def parse_key(self, response: Response) -> Iterator[Request]:
        self.key = self.payload(response)["key"]
        yield self._homepage()

    def _homepage(self) -> Request:
        return self.request("/mp/homepage", self.parse_homepage, stream="articles", params={"__biz": self.config["biz"]},
                            expect="html")

    def parse_homepage(self, response: Response) -> Iterator[Request]:
        links = response.css("a.article::attr(href)").getall()
        if not links and "history" not in response.text:
            raise self.malformed(response, "no article list")
        for href in links:
            yield self.request(response.urljoin(href), self.parse_article, stream="articles", expect="html")

    def parse_article(self, response: Response) -> Iterator[Request]:
        found = _COMMENT_ID.search(response.text)
        if found is None:
            raise self.malformed(response, "article page without comment_id")
        comment_id = found.group(1)
        if comment_id == "0":
            return  # comments disabled on this article
        appmsgid = _APPMSGID.search(response.text)
        title = response.css("#activity-name::text").get(default="").strip()
        yield self._comments(comment_id, appmsgid.group(1) if appmsgid else "", title, buffer="")

    def _comments(self, comment_id: str, appmsgid: str, title: str, buffer: str) -> Request:
        params = {"action": "getcomment", "__biz": self.config["biz"], "appmsgid": appmsgid, "idx": 1, "comment_id": comment_id,
                  "limit": self.limit, "key": self.key}
        params.update({"buffer": buffer} if buffer else {"offset": 0})
        return self.request("/mp/appmsg_comment", self.parse_comments, stream=f"article:{comment_id}", params=params,
                            cb_kwargs={"comment_id": comment_id, "appmsgid": appmsgid, "title": title})

    def _replies(self, comment_id: str, content_id: str, title: str, after: int) -> Request:
        params = {"action": "getcommentreply", "__biz": self.config["biz"], "comment_id": comment_id, "content_id": content_id,
                  "max_reply_id": after, "limit": self.limit, "key": self.key}
        return self.request("/mp/appmsg_comment", self.parse_replies, stream=f"replies:{content_id}", params=params,
                            cb_kwargs={"comment_id": comment_id, "content_id": content_id, "title": title})

    def _base(self, response: Response, c: dict[str, Any], comment_id: str, title: str, **fields: Any) -> MessageItem:
        official = c.get("identity_type") == 1 or c.get("is_from") == 2
        return self.item(response, thread_id=comment_id, title=None, text_raw=c.get("content") or "",
                         created_at_raw=c.get("create_time"), author_name=c.get("nick_name"), author_id=c.get("openid"),
                         ip_region=(c.get("ip_wording") or {}).get("province_name"),
                         is_deleted=bool(c.get("is_deleted") or c.get("reply_del_flag")) or None,
                         extra={"article": title, "official": official}, raw=c, **fields)

    def parse_comments(self, response: Response, comment_id: str, appmsgid: str, title: str) -> Iterator[Any]:
        data = self.payload(response)
        comments = data.get("elected_comment") or []
        items = [self._base(response, c, comment_id, title, external_id=c["content_id"], like_count=c.get("like_num"),
                            reply_count=(c.get("reply_new") or {}).get("reply_total_cnt")) for c in comments]
        yield from items
        for c in comments:
            if (c.get("reply_new") or {}).get("max_reply_id"):
                yield self._replies(comment_id, str(c["content_id"]), title, 0)
        if self.keep_paging(response, items) and data.get("continue_flag") and data.get("buffer"):
            yield self._comments(comment_id, appmsgid, title, data["buffer"])

    def parse_replies(self, response: Response, comment_id: str, content_id: str, title: str) -> Iterator[Any]:
        data = self.payload(response)
        block = data.get("reply_list") or {}
        replies = block.get("reply_list") or []
        items = [self._base(response, r, comment_id, title, external_id=f"{content_id}_{r['reply_id']}", root_id=content_id,
                            parent_id=content_id, like_count=r.get("reply_like_num")) for r in replies]
        yield from items
        if replies and data.get("continue_flag"):
            yield self._replies(comment_id, content_id, title, int(block.get("max_reply_id") or replies[-1]["reply_id"]))

