"""Toutiao comments: an account's articles, `tab_comments` pages (`offset` + `has_more`, a `comment` wrapper per item), replies."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Request, Response

from crawlers.bodies import OK, Judgement, Verdict
from crawlers.items import MessageItem
from crawlers.spiders.signed import SignedSpider

FEED = "/api/pc/list/user/feed"
COMMENTS = "/article/v4/tab_comments/"
REPLIES = "/2/comment/v4/reply_list/"
WEB_PARAMS: dict[str, Any] = {"aid": 24, "app_name": "toutiao_web"}


class ToutiaoSpider(SignedSpider):
    """Config: base_url, user_token (the account's feed) and/or group_ids (articles), count (20), max_posts (30),
    signer (none | module:Class for `_signature`), article_url ("https://www.toutiao.com/article/{group_id}/")."""

    kind = "toutiao"

    account_key, ids_key, default_signer, web_params = "user_token", "group_ids", "none", WEB_PARAMS

    def judge(self, data: Any, response: Response) -> Judgement:
        if not isinstance(data, dict):
            return Judgement(Verdict.TRANSIENT, "unexpected payload")
        message = data.get("message", "success")
        if message == "success":
            return OK
        return Judgement(Verdict.ERROR if response.meta.get("stream", "").startswith("replies:") else Verdict.TRANSIENT,
                         f"message={message}")

    # ------------------------------------------------------------------ articles

    def first_requests(self) -> Iterator[Request]:
        for group_id in self.config.get("group_ids") or []:
            yield self._page(str(group_id), None, 0)
        if self.config.get("user_token"):
            yield self._feed(0)

    def _feed(self, before: int) -> Request:
        params = {"category": "pc_profile_article", "token": self.config["user_token"], "max_behot_time": before}
        return self.signed(FEED, params, self.parse_feed, stream="posts")

    def parse_feed(self, response: Response) -> Iterator[Request]:
        data = self.payload(response)
        articles = data.get("data") or []
        yield from self.follow_posts(response, articles, "group_id")
        before = int((data.get("next") or {}).get("max_behot_time") or 0)
        if data.get("has_more") and articles and before and self.posts_seen < self.max_posts:
            yield self._feed(before)

    # ------------------------------------------------------------------ comments and replies

    def _page(self, group_id: str, cid: str | None, offset: int) -> Request:
        """A page of an article's comments (`cid` None) or of one comment's replies."""
        count = int(self.config.get("count", 20))
        if cid is None:
            path, stream, params = COMMENTS, f"comments:{group_id}", {"group_id": group_id, "item_id": group_id}
        else:
            path, stream, params = REPLIES, f"replies:{cid}", {"id": cid, "repost": 0}
        return self.signed(path, {**params, "offset": offset, "count": count}, self.parse_page, stream=stream,
                        cb_kwargs={"group_id": group_id, "cid": cid, "offset": offset})

    def parse_page(self, response: Response, group_id: str, cid: str | None, offset: int) -> Iterator[Any]:
        """Comments: {data: [{comment: {...}}], has_more, offset}; replies: {data: {data: [...], has_more, offset, total_count}}."""
        data = self.payload(response)
        page = data if cid is None else data["data"]
        rows = [row.get("comment", row) for row in page.get("data") or page.get("comments") or []]
        items = []
        for row in rows:
            ext = row.get("id_str") or row.get("id")
            if ext is None:
                self.runlog.warn("malformed_item", f"评论缺少 id，已跳过: {str(row)[:120]}", response.url)
                continue
            items.append(self._item(response, row, group_id, cid))
        replies = [self._page(group_id, it["external_id"], 0) for it in items
                   if cid is None and int(it.get("reply_count") or 0) > 0]
        keep = self.keep_paging(response, items)
        yield from items
        yield from replies
        next_offset = int(page.get("offset") or 0)
        if keep and page.get("has_more"):
            if next_offset <= offset:
                self.fail_stream(response.meta["stream"], "cursor_stuck", f"offset {offset} -> {next_offset}", response.url)
            else:
                yield self._page(group_id, cid, next_offset)

    def _item(self, response: Response, row: dict[str, Any], group_id: str, cid: str | None) -> MessageItem:
        user = row.get("user") or {}
        template = self.config.get("article_url", "https://www.toutiao.com/article/{group_id}/")
        official = bool(row.get("is_pgc_author"))
        return self.item(
            response, external_id=row.get("id_str") or row["id"], thread_id=group_id, root_id=cid, parent_id=cid,
            author_name=row.get("user_name") or user.get("name") or user.get("screen_name"),
            author_id=row.get("user_id") or user.get("user_id"), text_raw=row.get("text") or "",
            created_at_raw=row.get("create_time"), like_count=row.get("digg_count"), reply_count=row.get("reply_count"),
            url=template.format(group_id=group_id), extra={"official": True} if official else None,
            raw={k: v for k, v in row.items() if k != "reply_list"})
