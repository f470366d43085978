"""Toutiao web API: account feed, tab_comments (offset, `comment` wrapper, bare ids > 2^53), reply_list."""

from __future__ import annotations

from datetime import datetime

from .base import Request, Response, Route, Source, json_response, to_int, window
from .content import Entry, Thread, ThreadPlan, build_comments, publish_comment
from .timefmt import unix_s

USER_TOKEN = "MS4wLjABAAAAtoutiao-sandbox-minzheng"
ACCOUNT = "某区民政"
COMMENT_BASE = 7345111122220000000
GROUP_BASE = 7340000000000000000
PLANS = (ThreadPlan(41, {0: 2, 2: 23, 8: 1}), ThreadPlan(12, {1: 1}), ThreadPlan(4, {}))
SCRIPT_TEXT = "<script>alert('xss')</script>低保复核材料可以线上交吗？"
MALFORMED_AFTER = 3


def _decorate(text: str, i: int) -> str:
    if i == 4:
        return SCRIPT_TEXT
    return text + ("[捂脸]" if i % 5 == 1 else " 😂" if i % 7 == 3 else "")


class ToutiaoSource(Source):
    """Source key ``toutiao``: articles (``group_id``) of the account and their comments (``id``) and replies."""

    key = "toutiao"

    def build(self, now: datetime) -> None:
        threads = [Thread(str(GROUP_BASE + (len(PLANS) - i) * 1_000_003 + self.gen.rng.randrange(1000)),
                          "关于" + self.gen.title(self.gen.letter()) + "的政策解读", self.gen.letter(), extra={"index": i})
                   for i in range(len(PLANS))]
        build_comments(self.store, self.gen, now, threads, PLANS, self._new_id, ACCOUNT, _decorate)
        self._big = threads[0].tid

    def _new_id(self, seq: int, _root: Entry | None) -> str:
        return str(COMMENT_BASE + seq * 104_729 + self.gen.rng.randrange(100_000))

    def grow(self, now: datetime) -> None:
        publish_comment(self.store, self.gen, now, self.store.thread_list()[0], self._new_id)

    def routes(self) -> list[Route]:
        return [
            self.route("GET", r"/toutiao/api/pc/list/user/feed", self.feed),
            self.route("GET", r"/toutiao/article/v4/tab_comments/", self.tab_comments),
            self.route("GET", r"/toutiao/2/comment/v4/reply_list/", self.reply_list),
        ]

    def feed(self, req: Request) -> Response:
        if req.param("token") != USER_TOKEN:
            return json_response({"message": "error", "data": [], "has_more": False})
        before = to_int(req.param("max_behot_time"), 0)
        threads = [t for t in self.store.thread_list() if not before or unix_s(t.created) < before]
        chunk, more = threads[:10], len(threads) > 10
        return json_response({
            "message": "success", "has_more": more, "next": {"max_behot_time": unix_s(chunk[-1].created) if chunk else 0},
            "data": [{"group_id": int(t.tid), "item_id": int(t.tid), "title": t.title, "behot_time": unix_s(t.created),
                      "source": ACCOUNT, "comments_count": len(self.store.listing(thread=t.tid))} for t in chunk]})

    def tab_comments(self, req: Request) -> Response:
        group = req.param("group_id") or req.param("item_id")
        if self.store.thread(group) is None:
            return json_response({"message": "success", "data": [], "has_more": False, "offset": 0, "total_number": 0})
        offset = to_int(req.param("offset"), 0, lo=0)
        count = to_int(req.param("count"), 20, lo=1, hi=50)
        tops = self.store.listing(thread=group, top_only=True)
        chunk, more = window(tops, offset, count)
        data: list[dict[str, object]] = [{"comment": self._comment(e)} for e in chunk]
        if group == self._big and offset == 0 and len(data) > MALFORMED_AFTER:
            data.insert(MALFORMED_AFTER, {"comment": {"text": "该评论数据异常", "user_name": "用户0", "digg_count": "--"}})
        return json_response({"message": "success", "data": data, "has_more": more, "offset": offset + len(chunk),
                              "total_number": len(tops), "fold_comment_count": 0})

    def reply_list(self, req: Request) -> Response:
        root = self.store.get(req.param("id"))
        if root is None or root.root is not None:
            return json_response({"message": "error", "data": {"data": [], "has_more": False, "offset": 0,
                                                               "total_count": 0}})
        offset = to_int(req.param("offset"), 0, lo=0)
        count = to_int(req.param("count"), 20, lo=1, hi=50)
        children = self.store.listing(root=root.eid)
        chunk, more = window(children, offset, count)
        return json_response({"message": "success", "data": {
            "id": int(root.eid), "data": [self._reply(e) for e in chunk], "has_more": more,
            "offset": offset + len(chunk), "total_count": len(children)}})

    def _reply(self, e: Entry) -> dict[str, object]:
        return {"id": int(e.eid), "id_str": e.eid, "text": e.text, "create_time": unix_s(e.created),
                "digg_count": e.likes, "is_pgc_author": e.official,
                "user": {"user_id": str(58_000_000 + e.seq), "name": e.author,
                         "avatar_url": "https://p.sandbox.invalid/u.jpg"}}

    def _comment(self, e: Entry) -> dict[str, object]:
        children = self.store.listing(root=e.eid)
        return {"id": int(e.eid), "id_str": e.eid, "text": e.text, "create_time": unix_s(e.created),
                "digg_count": e.likes, "reply_count": len(children), "user_id": str(58_000_000 + e.seq),
                "user_name": e.author, "user_profile_image_url": "https://p.sandbox.invalid/u.jpg",
                "user_auth_info": "", "is_pgc_author": e.official,
                "reply_list": [{"id": int(c.eid), "id_str": c.eid, "text": c.text, "user_name": c.author,
                                "is_pgc_author": c.official} for c in children[:2]]}
