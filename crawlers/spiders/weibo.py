"""Weibo m-site comments: the account timeline (pinned post aside), long post text, hotflow pages and hotFlowChild replies,
or the legacy `comments/show` pages (relative times) as a configured mode or a per-post fallback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scrapy.http import Request, Response
from twisted.python.failure import Failure

from crawlers.bodies import OK, Judgement, Verdict
from crawlers.errors import SourceConfigError
from crawlers.items import MessageItem
from crawlers.spiders.base import BaseSpider
from crawlers.textclean import html_to_text

_REPLY_TO = re.compile(r"^回复<a[^>]*>@([^<]+)</a>\s*[:：]")
_THROTTLE_MSG = ("频繁", "限制", "歇歇")
END = (0, "0", None, "")
MODES = ("auto", "hotflow", "show")


class WeiboSpider(BaseSpider):
    """Config: base_url (m.weibo.cn or the sandbox), uid (the account whose posts' comments we collect), max_posts (20),
    comments: "auto" (default: hotflow; a post whose first hotflow page is given up on is read through the legacy API),
    "hotflow", or "show" (only the legacy `/api/comments/show?id=&page=`: top-level comments with relative times such as
    `5分钟前` / `昨天 12:30`; it lists no replies). hotflow_path / show_path override the endpoints."""

    kind = "weibo"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.posts: dict[str, str] = {}  # mid -> post text (context for its comments)
        self.mode = str(self.config.get("comments", "auto"))
        if self.mode not in MODES:
            raise SourceConfigError(self.source_key, f"comments 应为 {' | '.join(MODES)} (got {self.mode!r})")

    def first_requests(self) -> Iterator[Request]:
        yield self._timeline(None)

    def judge(self, data: Any, response: Response) -> Judgement:
        if not isinstance(data, dict) or "ok" not in data:
            return Judgement(Verdict.TRANSIENT, "JSON without ok")
        if data["ok"] == 1:
            return OK
        msg = str(data.get("msg", ""))
        return Judgement(Verdict.THROTTLE if any(m in msg for m in _THROTTLE_MSG) else Verdict.TRANSIENT, f"ok={data['ok']} {msg}")

    # ------------------------------------------------------------------ timeline and posts

    def _timeline(self, since_id: Any) -> Request:
        params: dict[str, Any] = {"containerid": f"107603{self.config['uid']}"}
        if since_id:
            params["since_id"] = since_id
        return self.request("/api/container/getIndex", self.parse_timeline, stream="timeline", params=params)

    def parse_timeline(self, response: Response) -> Iterator[Request]:
        data = self.payload(response)["data"]
        blogs = [card["mblog"] for card in data["cards"] if card.get("mblog")]
        marks = [self.item(response, external_id=b["mid"], created_at_raw=b.get("created_at"),
                           pinned=bool(b.get("isTop") or b.get("mblogtype") == 2)) for b in blogs]
        for blog in blogs:
            mid = str(blog["mid"])
            if blog.get("isLongText"):
                yield self.request("/statuses/extend", self.parse_long_text, stream=f"post:{mid}", params={"id": mid},
                                   cb_kwargs={"mid": mid})
            else:
                self.posts[mid] = html_to_text(blog.get("text"))
                yield self._comments(mid)
        since = data.get("cardlistInfo", {}).get("since_id")
        if self.keep_paging(response, marks) and since:
            yield self._timeline(since)

    def parse_long_text(self, response: Response, mid: str) -> Iterator[Request]:
        self.posts[mid] = html_to_text(self.payload(response)["data"]["longTextContent"])
        yield self._comments(mid)

    # ------------------------------------------------------------------ comments

    def _comments(self, mid: str) -> Request:
        """The first comment page of a post, in the configured API."""
        if self.mode == "show":
            return self._show(mid, 1)
        return self._hotflow(mid, None, 0, fallback=self.mode == "auto")

    def _hotflow(self, mid: str, max_id: Any, max_id_type: Any, *, fallback: bool = False) -> Request:
        params: dict[str, Any] = {"id": mid, "mid": mid, "max_id_type": max_id_type}
        if max_id not in END:
            params["max_id"] = max_id
        return self.request(self.config.get("hotflow_path", "/comments/hotflow"), self.parse_hotflow, stream=f"post:{mid}",
                            params=params, headers={"Referer": f"https://m.weibo.cn/detail/{mid}"}, cb_kwargs={"mid": mid},
                            meta={"show_fallback": mid} if fallback else None)

    def _show(self, mid: str, page: int) -> Request:
        return self.request(self.config.get("show_path", "/api/comments/show"), self.parse_show, stream=f"post:{mid}",
                            params={"id": mid, "page": page}, headers={"Referer": f"https://m.weibo.cn/detail/{mid}"},
                            cb_kwargs={"mid": mid, "page": page})

    def on_error(self, failure: Failure) -> Iterator[Any]:
        """A post whose first hotflow page is given up on is read through the legacy API (unless the source was stopped)."""
        mid = failure.request.meta.get("show_fallback")  # type: ignore[attr-defined]
        if mid and self.runlog.stop_reason is None:
            reason = getattr(failure.value, "reason", None) or failure.getErrorMessage()
            self.runlog.warn("show_fallback", f"hotflow 不可用，改用旧接口 comments/show 读取 {mid} ({reason})",
                             failure.request.url)  # type: ignore[attr-defined]
            yield self._show(mid, 1)
            return
        yield from super().on_error(failure)

    def _child(self, mid: str, cid: str, max_id: Any) -> Request:
        return self.request("/comments/hotFlowChild", self.parse_child, stream=f"replies:{cid}",
                            params={"cid": cid, "max_id": max_id or 0, "max_id_type": 0}, cb_kwargs={"mid": mid, "cid": cid})

    def _comment(self, response: Response, c: dict[str, Any], mid: str) -> MessageItem:
        user = c.get("user") or {}
        cid, root = str(c["id"]), str(c.get("rootid") or c["id"])
        reply_to = _REPLY_TO.match(c.get("text") or "")
        return self.item(response, external_id=cid, thread_id=mid, root_id=root, parent_id=None if root == cid else root,
                         text_raw=c.get("text") or "", created_at_raw=c.get("created_at"), author_name=user.get("screen_name"),
                         author_id=user.get("id"), ip_region=c.get("source"), like_count=c.get("like_count", c.get("like_counts")),
                         reply_count=c.get("total_number"), url=f"https://m.weibo.cn/detail/{mid}",
                         extra={"post": self.posts.get(mid, "")[:200], "reply_to": reply_to.group(1) if reply_to else None,
                                "floor": c.get("floor_number")}, raw=c)

    def parse_hotflow(self, response: Response, mid: str) -> Iterator[Any]:
        data = self.payload(response)["data"]
        comments = data["data"]
        items = [self._comment(response, c, mid) for c in comments]
        yield from items
        for c in comments:
            if c.get("total_number"):
                yield self._child(mid, str(c["id"]), 0)
        if self.keep_paging(response, items) and data.get("max_id") not in END:
            yield self._hotflow(mid, data["max_id"], data.get("max_id_type", 0))

    def parse_show(self, response: Response, mid: str, page: int) -> Iterator[Any]:
        """Legacy pages: `data.data` top-level comments (numeric ids, relative times), `data.max` pages."""
        data = self.payload(response)["data"]
        items = [self._comment(response, c, mid) for c in data.get("data") or []]
        yield from items
        if self.keep_paging(response, items) and page < int(data.get("max") or 0):
            yield self._show(mid, page + 1)

    def parse_child(self, response: Response, mid: str, cid: str) -> Iterator[Any]:
        data = self.payload(response)  # hotFlowChild has no data{} wrapper
        items = [self._comment(response, c, mid) for c in data["data"]]
        yield from items
        if self.keep_paging(response, items) and data.get("max_id") not in END:
            yield self._child(mid, cid, data["max_id"])
