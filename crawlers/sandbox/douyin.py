"""Douyin web API: account post list, comment list + replies with cursor/has_more, and the a_bogus signature gate."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlencode

from .base import Handler, Request, Response, Route, Source, json_response, md5_hex, to_int, window
from .content import Entry, Thread, ThreadPlan, build_comments, publish_comment
from .timefmt import Clock, unix_ms, unix_s

SEC_UID = "MS4wLjABAAAAsandbox-minzheng-0001"
ACCOUNT = "某区民政"
CID_BASE = 7345678900000000000
AWEME_BASE = 7345000000000000000
DEFAULT_COUNT = 20
PLANS = (ThreadPlan(45, {0: 3, 3: 12, 6: 1}), ThreadPlan(10, {2: 2}), ThreadPlan(6, {}), ThreadPlan(0, {}))
EMPTY_PAGE_CURSOR = 20
_QUIRKS = ("[捂脸]", "", " 😂", "[强][强]", " 𠮷", "", "[赞]")


def a_bogus_for(pairs: list[tuple[str, str]]) -> str:
    """The sandbox's dummy signature: ``sandbox-sign:`` + md5(urlencode(sorted(query pairs without a_bogus)))."""
    return "sandbox-sign:" + md5_hex(urlencode(sorted((k, v) for k, v in pairs if k != "a_bogus")))


def _decorate(text: str, i: int) -> str:
    return "" if i == 7 else text + _QUIRKS[i % len(_QUIRKS)]


class DouyinSource(Source):
    """Source key ``douyin``: videos of ``SEC_UID``, their comments (``cid``) and replies."""

    key = "douyin"
    error_page = "验证码中间页"

    def __init__(self, seed: int, clock: Clock) -> None:
        self._empty_served: set[tuple[str, str]] = set()
        super().__init__(seed, clock)

    def build(self, now: datetime) -> None:
        threads = [Thread(str(AWEME_BASE + (len(PLANS) - i) * 104_729 + self.gen.rng.randrange(1000)),
                          "", self.gen.letter()[:60] + " #民政服务", extra={"index": i}) for i in range(len(PLANS))]
        build_comments(self.store, self.gen, now, threads, PLANS, self._new_id, ACCOUNT, _decorate)
        self._big = threads[0].tid

    def _new_id(self, seq: int, _root: Entry | None) -> str:
        return str(CID_BASE + seq * 99_991 + self.gen.rng.randrange(90_000))

    def grow(self, now: datetime) -> None:
        publish_comment(self.store, self.gen, now, self.store.thread_list()[0], self._new_id)

    def routes(self) -> list[Route]:
        return [
            self.route("GET", r"/douyin/aweme/v1/web/aweme/post/", self._signed(self.posts)),
            self.route("GET", r"/douyin/aweme/v1/web/comment/list/", self._signed(self.comments)),
            self.route("GET", r"/douyin/aweme/v1/web/comment/list/reply/", self._signed(self.replies)),
        ]

    def _signed(self, handler: Handler) -> Handler:
        """Wrap a handler with the a_bogus check; a missing/wrong signature yields HTTP 200 with an empty body."""
        def check(req: Request) -> Response:
            if req.query.get("a_bogus") != a_bogus_for(req.pairs):
                return Response(b"", 200, "application/json; charset=utf-8")
            return handler(req)
        return check

    def _envelope(self, comments: list[dict[str, object]] | None, cursor: int, more: bool, total: int) -> Response:
        now = self.now()
        return json_response({"status_code": 0, "comments": comments, "cursor": cursor, "has_more": int(more),
                              "total": total, "reply_style": 2, "has_filtered_comments": 0,
                              "extra": {"now": unix_ms(now), "fatal_item_ids": None},
                              "log_pb": {"impr_id": f"2024sandbox{unix_s(now)}"}})

    # -- handlers ----------------------------------------------------------------------------------------------
    def posts(self, req: Request) -> Response:
        if req.param("sec_user_id") != SEC_UID:
            return json_response({"status_code": 0, "aweme_list": [], "has_more": 0, "max_cursor": 0, "min_cursor": 0})
        count = to_int(req.param("count"), 18, lo=1, hi=50)
        max_cursor = to_int(req.param("max_cursor"), 0)
        threads = [t for t in self.store.thread_list() if not max_cursor or unix_ms(t.created) < max_cursor]
        chunk = threads[:count]
        return json_response({
            "status_code": 0, "has_more": int(len(threads) > count),
            "max_cursor": unix_ms(chunk[-1].created) if chunk else 0, "min_cursor": unix_ms(chunk[0].created) if chunk else 0,
            "aweme_list": [{"aweme_id": t.tid, "desc": t.text, "create_time": unix_s(t.created), "is_top": 0,
                            "author": {"nickname": ACCOUNT, "sec_uid": SEC_UID, "uid": "1000000001"},
                            "statistics": {"comment_count": len(self.store.listing(thread=t.tid)),
                                           "digg_count": 321 * (t.extra["index"] + 1), "share_count": 7}}
                           for t in chunk]})

    def comments(self, req: Request) -> Response:
        aweme = req.param("aweme_id")
        if self.store.thread(aweme) is None:
            return self._envelope(None, 0, False, 0)
        cursor = to_int(req.param("cursor"), 0, lo=0)
        count = to_int(req.param("count"), DEFAULT_COUNT, lo=1, hi=50)
        tops = self.store.listing(thread=aweme, top_only=True)
        if aweme == self._big and cursor == EMPTY_PAGE_CURSOR and (aweme, str(count)) not in self._empty_served:
            self._empty_served.add((aweme, str(count)))
            return self._envelope(None, cursor, True, len(tops))
        chunk, more = window(tops, cursor, count)
        return self._envelope([self._comment(e, True) for e in chunk], cursor + len(chunk), more, len(tops))

    def replies(self, req: Request) -> Response:
        root = self.store.get(req.param("comment_id"))
        if root is None or root.root is not None:
            return self._envelope(None, 0, False, 0)
        cursor = to_int(req.param("cursor"), 0, lo=0)
        count = to_int(req.param("count"), DEFAULT_COUNT, lo=1, hi=50)
        children = self.store.listing(root=root.eid)
        chunk, more = window(children, cursor, count)
        return self._envelope([self._comment(e, False) for e in chunk], cursor + len(chunk), more, len(children))

    def _comment(self, e: Entry, top: bool) -> dict[str, object]:
        item: dict[str, object] = {
            "cid": e.eid, "aweme_id": e.thread, "text": e.text, "create_time": unix_s(e.created),
            "digg_count": e.likes, "reply_id": e.root or "0",
            "reply_to_reply_id": e.parent if e.parent and e.parent != e.root else "0",
            "ip_label": e.region, "is_author_digged": e.seq % 6 == 0, "label_text": "作者" if e.official else "",
            "label_list": None, "stick_position": 0, "status": 1, "text_extra": [],
            "image_list": [{"origin_url": {"url_list": [f"https://p3.sandbox.invalid/img/{e.eid}.jpeg"]}}]
            if not e.text else None,
            "user": {"uid": str(1_000_100 + e.seq), "sec_uid": f"MS4wLjABAAAAsandbox{e.seq:06d}", "nickname": e.author,
                     "avatar_thumb": {"url_list": ["https://p3.sandbox.invalid/avatar.jpeg"]}},
        }
        if top:
            children = self.store.listing(root=e.eid)
            item["reply_comment_total"] = len(children)
            item["reply_comment"] = [self._comment(c, False) for c in children[-1:]] or None
        return item

