"""WeChat official-account article comments: article pages with comment_id, getcomment (buffer), getcommentreply, expiring key."""

from __future__ import annotations

import base64
import html
import itertools
from datetime import datetime

from .base import (GENERIC_FAULTS, Request, Response, Route, Source, html_response, json_response, md5_hex, older_than,
                   to_int)
from .content import Entry, Thread, ThreadPlan, build_comments, publish_comment
from .timefmt import Clock, date_only, unix_s

BIZ = "MzA5NjE2MDAxMQ=="
ACCOUNT = "某区民政"
CONTENT_BASE = 6912345600000000000
DEFAULT_KEY_CALLS = 30
DEFAULT_LIMIT = 10
INLINE_REPLIES = 2
PLANS = (ThreadPlan(24, {1: 5, 0: 1, 4: 2, 10: 1}), ThreadPlan(12, {0: 1, 3: 1}), ThreadPlan(6, {}),
         ThreadPlan(0, {}))
NO_SESSION = {"base_resp": {"ret": -3, "errmsg": "no session"}}
_QUIRKS = ("[强]", " 😂", " 𠮷", "\n[捂脸]", "[微笑]", "")


def _decorate(text: str, i: int) -> str:
    return text + _QUIRKS[i % len(_QUIRKS)]


class WechatSource(Source):
    """Source key ``wechat_mp``: articles of account ``BIZ`` and their 精选 comments + replies."""

    key = "wechat_mp"
    fault_kinds = (*GENERIC_FAULTS, "wechat_ret6")
    error_page = "请在微信客户端打开链接"

    def __init__(self, seed: int, clock: Clock) -> None:
        self.keys: dict[str, int] = {}
        self._key_counter = itertools.count(1)
        super().__init__(seed, clock)

    def build(self, now: datetime) -> None:
        rng = self.gen.rng
        threads = []
        for i in range(len(PLANS)):
            appmsgid = str(2247483600 + (len(PLANS) - i) * 7)
            comment_id = "0" if i == len(PLANS) - 1 else str(2791634500000000000 + rng.randrange(10**15))
            text = self.gen.letter()
            threads.append(Thread(comment_id if comment_id != "0" else f"disabled-{appmsgid}",
                                  "关于" + self.gen.title(text) + "的通知", text,
                                  extra={"appmsgid": appmsgid, "idx": "1", "comment_id": comment_id,
                                         "sn": "%032x" % rng.getrandbits(128)}))
        build_comments(self.store, self.gen, now, threads, PLANS, self._new_id, ACCOUNT, _decorate)

    def _new_id(self, seq: int, root: Entry | None) -> str:
        if root is None:
            return str(CONTENT_BASE + seq * 7919 + self.gen.rng.randrange(7000))
        issued = root.extra.get("replies_issued", 0) + 1
        root.extra["replies_issued"] = issued
        return f"{root.eid}_{issued}"

    def grow(self, now: datetime) -> None:
        thread = next(t for t in self.store.thread_list() if t.extra["comment_id"] != "0")
        publish_comment(self.store, self.gen, now, thread, self._new_id)

    def routes(self) -> list[Route]:
        return [
            self.route("GET", r"/wechat/__key", self.new_key),
            self.route("GET", r"/wechat/mp/homepage", self.homepage),
            self.route("GET", r"/wechat/s", self.article),
            self.route("GET", r"/wechat/mp/appmsg_comment", self.appmsg_comment),
        ]

    # -- credentials -------------------------------------------------------------------------------------------
    def new_key(self, req: Request) -> Response:
        """Mint a session key valid for ``calls`` comment API calls (default 30)."""
        calls = to_int(req.param("calls"), DEFAULT_KEY_CALLS, lo=1, hi=10_000)
        number = next(self._key_counter)  # keys must not consume the content generator (grow stays deterministic)
        key = f"sbxkey{number:04d}" + md5_hex(f"{self.seed}:{number}")[:12]
        self.keys[key] = calls
        return json_response({"key": key, "calls": calls, "uin": "MTIzNDU2Nzg5", "pass_ticket": "sandbox",
                              "appmsg_token": "sandbox_token"})

    def _spend(self, key: str) -> bool:
        left = self.keys.get(key, 0)
        if left <= 0:
            return False
        self.keys[key] = left - 1
        return True

    # -- pages -------------------------------------------------------------------------------------------------
    def homepage(self, req: Request) -> Response:
        if req.param("__biz") != BIZ:
            return html_response("<html><body><p>请在微信客户端打开链接</p></body></html>")
        links = "".join(
            f'<li><a class="article" href="/wechat/s?__biz={BIZ}&amp;mid={t.extra["appmsgid"]}&amp;idx=1&amp;sn={t.extra["sn"]}">'
            f'{html.escape(t.title)}</a><span class="date">{date_only(t.created)}</span></li>'
            for t in self.store.thread_list())
        return html_response(f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{ACCOUNT}</title></head>'
                             f'<body><h1 class="profile_nickname">{ACCOUNT}</h1><ul id="history">{links}</ul></body></html>')

    def _article_by_mid(self, mid: str) -> Thread | None:
        return next((t for t in self.store.threads.values() if t.extra["appmsgid"] == mid), None)

    def article(self, req: Request) -> Response:
        thread = self._article_by_mid(req.param("mid"))
        if thread is None or req.param("__biz") != BIZ:
            return html_response("<html><body><p>该内容已被发布者删除</p></body></html>")
        ex = thread.extra
        return html_response(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(thread.title)}</title></head><body>'
            f'<h1 id="activity-name" class="rich_media_title">{html.escape(thread.title)}</h1>'
            f'<span id="publish_time">{date_only(thread.created)}</span>'
            f'<div id="js_content" class="rich_media_content"><p>{html.escape(thread.text)}</p></div>'
            f'<script type="text/javascript">var biz = "{BIZ}" || "";\nvar appmsgid = \'{ex["appmsgid"]}\' || \'\';\n'
            f'var idx = "{ex["idx"]}" || "";\nvar comment_id = \'{ex["comment_id"]}\' || \'0\';\n'
            f'var create_time = "{unix_s(thread.created)}" * 1;\n</script></body></html>')

    # -- comment API -------------------------------------------------------------------------------------------
    def appmsg_comment(self, req: Request) -> Response:
        if not self._spend(req.param("key")):
            return json_response(NO_SESSION)
        action = req.param("action")
        thread = self.store.thread(req.param("comment_id"))
        if action == "getcomment":
            if thread is None or req.param("__biz") != BIZ:
                return json_response({"base_resp": {"ret": 0}, "enabled": 0, "elected_comment": [],
                                      "elected_comment_total_cnt": 0, "continue_flag": False, "buffer": ""})
            return self._getcomment(req, thread)
        if action == "getcommentreply":
            root = self.store.get(req.param("content_id"))
            if thread is None or root is None or root.thread != thread.tid:
                return json_response({"base_resp": {"ret": -1, "errmsg": "system error"}})
            return self._getcommentreply(req, root)
        return json_response({"base_resp": {"ret": -2, "errmsg": "invalid args"}})

    def _getcomment(self, req: Request, thread: Thread) -> Response:
        limit = to_int(req.param("limit"), DEFAULT_LIMIT, lo=1, hi=100)
        tops = self.store.listing(thread=thread.tid, top_only=True)
        buffer = req.param("buffer")
        if buffer:
            try:
                cursor: int | None = int(base64.urlsafe_b64decode(buffer.encode()).decode().removeprefix("seq:"))
            except ValueError:
                return json_response({"base_resp": {"ret": -2, "errmsg": "invalid buffer"}})
            chunk, more = older_than(tops, cursor, limit)
        else:
            offset = to_int(req.param("offset"), 0, lo=0)
            chunk, more = tops[offset:offset + limit], offset + limit < len(tops)
        next_buffer = base64.urlsafe_b64encode(f"seq:{chunk[-1].seq}".encode()).decode() if more and chunk else ""
        return json_response({
            "base_resp": {"ret": 0, "exportkey_token": ""}, "enabled": 1, "elected_comment_total_cnt": len(tops),
            "elected_comment": [self._comment(e) for e in chunk], "friend_comment": [], "my_comment": [],
            "continue_flag": bool(more), "buffer": next_buffer, "only_fans_can_comment": False,
            "only_fans_days_can_comment": False, "not_pay_can_comment": False, "reply_flag": 1,
            "nick_name": "访客", "logo_url": "", "is_fans": 1})

    def _getcommentreply(self, req: Request, root: Entry) -> Response:
        after = to_int(req.param("max_reply_id"), 0, lo=0)
        limit = to_int(req.param("limit"), DEFAULT_LIMIT, lo=1, hi=100)
        replies = [r for r in self._replies(root) if r["reply_id"] > after]
        chunk = replies[:limit]
        return json_response({"base_resp": {"ret": 0}, "buffer": "", "continue_flag": len(replies) > limit,
                              "reply_list": {"max_reply_id": chunk[-1]["reply_id"] if chunk else after,
                                             "reply_list": chunk}})

    def _replies(self, root: Entry) -> list[dict[str, object]]:
        """All replies of ``root`` by reply_id ascending; deleted ones stay as tombstones (reply_del_flag 1)."""
        out = []
        for e in sorted(self.store.listing(root=root.eid, include_deleted=True), key=lambda r: r.seq):
            item: dict[str, object] = {
                "reply_id": int(e.eid.rsplit("_", 1)[1]), "content": "" if e.deleted else e.text,
                "create_time": unix_s(e.created), "reply_like_num": e.likes, "nick_name": e.author,
                "logo_url": "http://wx.qlogo.sandbox.invalid/132", "identity_type": 1 if e.official else 0,
                "is_deleted": int(e.deleted), "reply_del_flag": int(e.deleted), "reply_is_elected": 1,
                "is_from": 2 if e.official else 1, "is_from_friend": 0, "openid": f"o{e.seq:08d}sandbox"}
            if not e.official:
                item["ip_wording"] = self._ip(e)
            out.append(item)
        return out

    @staticmethod
    def _ip(e: Entry) -> dict[str, str]:
        return {"country_id": "156", "country_name": "中国", "province_id": "", "province_name": e.region,
                "city_id": "", "city_name": ""}

    def _comment(self, e: Entry) -> dict[str, object]:
        replies = self._replies(e)
        ordinal = sum(1 for x in self.store.listing(thread=e.thread, top_only=True, include_deleted=True)
                      if x.seq <= e.seq)
        return {
            "id": ordinal, "content_id": e.eid, "nick_name": e.author, "logo_url": "http://wx.qlogo.sandbox.invalid/132",
            "content": e.text, "create_time": unix_s(e.created), "like_num": e.likes, "is_top": 0, "is_elected": 1,
            "is_from_friend": 0, "is_from_me": 0, "identity_type": 0, "identity_name": "", "ip_wording": self._ip(e),
            "author_like_status": int(e.seq % 5 == 0), "openid": f"o{e.seq:08d}sandbox", "my_id": 0,
            "reply_new": {"reply_total_cnt": sum(1 for r in replies if not r["is_deleted"]),
                          "max_reply_id": max((int(r["reply_id"]) for r in replies), default=0),
                          "reply_list": replies[:INLINE_REPLIES]}}
