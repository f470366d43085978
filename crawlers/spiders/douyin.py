"""Douyin comments: an account's videos, each video's comments (`cursor` + `has_more`) and replies, behind a pluggable signer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Request, Response

from crawlers.bodies import OK, Judgement, Verdict
from crawlers.items import MessageItem
from crawlers.spiders.signed import SignedSpider

POSTS = "/aweme/v1/web/aweme/post/"
COMMENTS = "/aweme/v1/web/comment/list/"
REPLIES = "/aweme/v1/web/comment/list/reply/"
WEB_PARAMS: dict[str, Any] = {"device_platform": "webapp", "aid": 6383, "channel": "channel_pc_web", "item_type": 0,
                              "pc_client_type": 1, "version_code": "190500", "cookie_enabled": "true"}
EMPTY_PAGE_RETRIES = 3  # `comments: null` with has_more=1: ask again this many times before giving up on the stream


def _zero(value: Any) -> str | None:
    """Douyin's "0" means none (top level)."""
    text = str(value or "0")
    return None if text == "0" else text


class DouyinSpider(SignedSpider):
    """Config: base_url, sec_user_id (the account) and/or aweme_ids (videos), count (20), max_posts (30),
    signer (sandbox_bogus | module:Class), video_url ("https://www.douyin.com/video/{aweme_id}")."""

    kind = "douyin"

    account_key, ids_key, default_signer, web_params = "sec_user_id", "aweme_ids", "sandbox_bogus", WEB_PARAMS

    def judge(self, data: Any, response: Response) -> Judgement:
        if not isinstance(data, dict):
            return Judgement(Verdict.TRANSIENT, "unexpected payload")
        code = data.get("status_code", 0)
        return OK if code == 0 else Judgement(Verdict.TRANSIENT, f"status_code={code} {data.get('status_msg', '')}")

    # ------------------------------------------------------------------ videos

    def first_requests(self) -> Iterator[Request]:
        for aweme_id in self.config.get("aweme_ids") or []:
            yield self._page(str(aweme_id), None, 0)
        if self.config.get("sec_user_id"):
            yield self._posts(0)

    def _posts(self, max_cursor: int) -> Request:
        params = {"sec_user_id": self.config["sec_user_id"], "max_cursor": max_cursor, "count": 18}
        return self.signed(POSTS, params, self.parse_posts, stream="posts")

    def parse_posts(self, response: Response) -> Iterator[Request]:
        data = self.payload(response)
        videos = data.get("aweme_list") or []
        yield from self.follow_posts(response, videos, "aweme_id")
        if data.get("has_more") and videos and self.posts_seen < self.max_posts:
            yield self._posts(int(data.get("max_cursor") or 0))

    # ------------------------------------------------------------------ comments and replies

    def _page(self, aweme_id: str, cid: str | None, cursor: int, empty: int = 0) -> Request:
        """A page of a video's comments (`cid` None) or of one comment's replies."""
        count = int(self.config.get("count", 20))
        if cid is None:
            path, stream, params = COMMENTS, f"comments:{aweme_id}", {"aweme_id": aweme_id}
        else:
            path, stream, params = REPLIES, f"replies:{cid}", {"item_id": aweme_id, "comment_id": cid}
        return self.signed(path, {**params, "cursor": cursor, "count": count}, self.parse_comments, stream=stream,
                           cb_kwargs={"aweme_id": aweme_id, "cid": cid, "cursor": cursor, "empty": empty})

    def parse_comments(self, response: Response, aweme_id: str, cid: str | None, cursor: int, empty: int) -> Iterator[Any]:
        """One page of a comment or reply stream."""
        data = self.payload(response)
        comments = data.get("comments") or []
        more = bool(data.get("has_more"))
        next_cursor = int(data.get("cursor") or 0)
        if not comments and more:  # an empty page that claims more: not the end, and not progress
            if empty >= EMPTY_PAGE_RETRIES:
                self.fail_stream(response.meta["stream"], "empty_page", "comments 为空但 has_more=1，多次重试无进展", response.url)
                return
            self.runlog.warn("empty_page", f"empty page with has_more=1 at cursor {cursor}; asking again", response.url)
            yield self._page(aweme_id, cid, max(next_cursor, cursor), empty + 1)
            return
        items = [self._item(response, c) for c in comments]
        replies = [self._page(aweme_id, it["external_id"], 0) for it, c in zip(items, comments)
                   if cid is None and int(c.get("reply_comment_total") or 0) > 0]
        keep = self.keep_paging(response, items)
        yield from items
        yield from replies
        if keep and more:
            if next_cursor <= cursor:
                self.fail_stream(response.meta["stream"], "cursor_stuck", f"cursor {cursor} -> {next_cursor}", response.url)
            else:
                yield self._page(aweme_id, cid, next_cursor)

    def _item(self, response: Response, c: dict[str, Any]) -> MessageItem:
        user = c.get("user") or {}
        images = [url for img in c.get("image_list") or [] for url in ((img.get("origin_url") or {}).get("url_list") or [])[:1]]
        root = _zero(c.get("reply_id"))
        aweme_id = str(c.get("aweme_id") or "")
        template = self.config.get("video_url", "https://www.douyin.com/video/{aweme_id}")
        extra = {"label": c.get("label_text") or None, "author_liked": c.get("is_author_digged") or None,
                 "images": images or None, "sticker": bool(c.get("sticker")) or None}
        return self.item(
            response, external_id=c["cid"], thread_id=aweme_id or None, root_id=root,
            parent_id=_zero(c.get("reply_to_reply_id")) or root, author_name=user.get("nickname"),
            author_id=user.get("uid") or user.get("sec_uid"), text_raw=c.get("text") or ("[图片]" if images else ""),
            created_at_raw=c.get("create_time"), like_count=c.get("digg_count"), reply_count=c.get("reply_comment_total"),
            ip_region=c.get("ip_label") or None, pinned=bool(c.get("stick_position")),
            url=template.format(aweme_id=aweme_id), extra={k: v for k, v in extra.items() if v is not None},
            raw={k: v for k, v in c.items() if k != "reply_comment"})
