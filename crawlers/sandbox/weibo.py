"""Weibo m-site: timeline, hotflow (max_id + flipping max_id_type), hotFlowChild, statuses/extend, legacy comments/show."""

from __future__ import annotations

import html
import re
from datetime import datetime

from .base import GENERIC_FAULTS, Request, Response, Route, Source, json_response, older_than, pages, to_int
from .content import Entry, Thread, ThreadPlan, build_comments, count_text, publish_comment, stable_number
from .timefmt import rfc2822, weibo_relative

UID = "7712345678"
ACCOUNT = "某区民政"
CID_BASE = 5012346000000000
MID_BASE = 5012345600000000
MAX_ID_BASE = 138950000000000
HOT_PAGE = 10
CHILD_PAGE = 10
SHOW_PAGE = 10
TIMELINE_PAGE = 3
INLINE_REPLIES = 2
PLANS = (ThreadPlan(30, {2: 25, 0: 2, 5: 1, 9: 3}), ThreadPlan(9, {1: 2}), ThreadPlan(5, {}),
         ThreadPlan(0, {}), ThreadPlan(2, {0: 1}))
_CODE = re.compile(r"\[[^\[\]\s]{1,4}\]")
_TOPIC = '<a href="/search?containerid=231522type%3D1%26q%3D%23社区养老%23">#社区养老#</a>'


def _icon(match: re.Match[str]) -> str:
    code = match.group(0)
    return (f'<span class="url-icon"><img alt="{code}" src="https://face.sandbox.invalid/e/{ord(code[1]) % 97}.png"'
            f' style="width:1em; height:1em;" /></span>')


def mention(name: str) -> str:
    """Weibo's @-mention markup."""
    return f"<a href='/n/{name}'>@{name}</a>"


def weibo_html(text: str, seq: int, reply_to: str | None = None) -> str:
    """Render plain text the way Weibo's ``text`` field looks (mentions, topics, emoticon images, \u200b, &nbsp;)."""
    body = html.escape(text, quote=False).replace("\n", "<br />")
    if seq % 4 == 1:
        body += "[心]"
    if seq % 9 == 4:
        body += " 😂 𠮷"
    if seq % 6 == 3:
        middle = len(body) // 2
        body = body[:middle] + "\u200b" + body[middle:] + "&nbsp;"
    body = _CODE.sub(_icon, body)
    if seq % 5 == 2:
        body = f"{mention(ACCOUNT)} {body}"
    if seq % 7 == 5:
        body = f"{_TOPIC}{body}"
    return f"回复{mention(reply_to)}:{body}" if reply_to else body


class WeiboSource(Source):
    """Source key ``weibo``: the bureau's account ``UID`` with posts, top-level comments and replies."""

    key = "weibo"
    fault_kinds = (*GENERIC_FAULTS, "432", "418", "weibo_ok0")
    error_page = "出错了，未知错误"

    def build(self, now: datetime) -> None:
        rng = self.gen.rng
        threads = []
        for i in range(len(PLANS)):
            mid = str(MID_BASE + (len(PLANS) - i) * 1_000_003 + rng.randrange(1000))
            long_text = i in (0, 2)
            parts = [self.gen.comment() for _ in range(6 if long_text else 1)]
            text = "【民政提醒】" + "；".join(parts)
            threads.append(Thread(mid, self.gen.title(text), text, pinned=i == len(PLANS) - 1,
                                  extra={"bid": "N" + "".join(rng.choice("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
                                                               for _ in range(8)),
                                         "long": long_text, "index": i}))
        build_comments(self.store, self.gen, now, threads, PLANS, self._new_id, ACCOUNT)
        for thread in threads:
            for floor, entry in enumerate(reversed(self.store.listing(thread=thread.tid, top_only=True)), start=1):
                entry.extra["floor"] = floor

    def _new_id(self, seq: int, _root: Entry | None) -> str:
        return str(CID_BASE + seq * 1373 + self.gen.rng.randrange(1000))

    def grow(self, now: datetime) -> None:
        thread = next(t for t in self.store.thread_list() if not t.pinned)
        entry = publish_comment(self.store, self.gen, now, thread, self._new_id)
        entry.extra["floor"] = len(self.store.listing(thread=thread.tid, top_only=True, include_deleted=True))

    def routes(self) -> list[Route]:
        return [
            self.route("GET", r"/weibo/api/container/getIndex", self.timeline),
            self.route("GET", r"/weibo/comments/hotflow", self.hotflow),
            self.route("GET", r"/weibo/comments/hotFlowChild", self.hot_flow_child),
            self.route("GET", r"/weibo/statuses/extend", self.extend),
            self.route("GET", r"/weibo/api/comments/show", self.comments_show),
        ]

    # -- rendering -------------------------------------------------------------------------------------------
    def _user(self, name: str, seq: int) -> dict[str, object]:
        official = name == ACCOUNT
        followers = 1_234_567 if official else stable_number(name, 3, 30_000)
        return {"id": int(UID) if official else stable_number(name, 7_000_000_000, 900_000_000),
                "screen_name": name, "profile_image_url": "https://tvax1.sandbox.invalid/crop.0.0.180.180.180/a.jpg",
                "verified": official, "verified_type": 1 if official else -1, "gender": "mf"[seq % 2],
                "followers_count": count_text(followers) if seq % 2 else followers}

    def _text(self, entry: Entry) -> str:
        reply_to = None
        if entry.parent and entry.parent != entry.root:
            parent = self.store.get(entry.parent, include_deleted=True)
            reply_to = parent.author if parent else None
        return weibo_html(entry.text, entry.seq, reply_to)

    def _comment(self, entry: Entry, with_children: bool) -> dict[str, object]:
        item: dict[str, object] = {
            "id": entry.eid, "mid": entry.eid, "rootid": entry.root or entry.eid,
            "floor_number": entry.extra.get("floor", 0), "created_at": rfc2822(entry.created),
            "text": self._text(entry), "source": f"来自{entry.region}", "like_count": entry.likes,
            "liked": False, "disable_reply": 0, "isLikedByMblogAuthor": entry.seq % 8 == 0,
            "more_info_type": 0, "user": self._user(entry.author, entry.seq),
        }
        if with_children:
            children = list(reversed(self.store.listing(root=entry.eid)))
            item["total_number"] = len(children)
            item["comments"] = [self._comment(c, False) for c in children[:INLINE_REPLIES]] or False
            item["max_id"] = 0
        return item

    def _mblog(self, thread: Thread) -> dict[str, object]:
        bid = thread.extra["bid"]
        text = html.escape(thread.text, quote=False)
        long_text = bool(thread.extra["long"])
        if long_text:
            text = text[:90] + f'...<a href="/status/{bid}">全文</a>'
        count = len(self.store.listing(thread=thread.tid))
        blog: dict[str, object] = {
            "id": thread.tid, "mid": thread.tid, "bid": bid, "created_at": rfc2822(thread.created),
            "text": text, "isLongText": long_text, "source": "微博 weibo.com", "pic_num": 0,
            "reposts_count": thread.extra["index"] * 3, "comments_count": count,
            "attitudes_count": count_text(12_345) if thread.extra["index"] == 0 else 17,
            "user": self._user(ACCOUNT, 1),
        }
        if thread.pinned:
            blog.update({"isTop": 1, "mblogtype": 2, "title": {"text": "置顶", "base_color": 1}})
        return blog

    # -- handlers ----------------------------------------------------------------------------------------------
    def timeline(self, req: Request) -> Response:
        containerid = req.param("containerid")
        if containerid not in (f"107603{UID}", f"230413{UID}"):
            return json_response({"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}})
        since = req.param("since_id")
        threads = self.store.thread_list()
        pinned = [t for t in threads if t.pinned]
        regular = [t for t in threads if not t.pinned and (not since or int(t.tid) < to_int(since))]
        chunk = regular[:TIMELINE_PAGE]
        shown = (pinned if not since else []) + chunk
        info: dict[str, object] = {"containerid": containerid, "v_p": 42, "show_style": 1, "total": len(threads)}
        if len(regular) > TIMELINE_PAGE:
            info["since_id"] = int(chunk[-1].tid)
        cards = [{"card_type": 9, "itemid": f"{containerid}_-_{t.tid}", "scheme": f"https://m.weibo.cn/status/{t.extra['bid']}",
                  "mblog": self._mblog(t)} for t in shown]
        return json_response({"ok": 1, "data": {"cardlistInfo": info, "cards": cards, "scheme": ""}})

    def extend(self, req: Request) -> Response:
        thread = self.store.thread(req.param("id"))
        if thread is None:
            return json_response({"ok": 0, "msg": "该微博不存在或已被删除"})
        return json_response({"ok": 1, "data": {
            "ok": 1, "longTextContent": html.escape(thread.text, quote=False) + _CODE.sub(_icon, "[心]"),
            "reposts_count": thread.extra["index"] * 3, "comments_count": len(self.store.listing(thread=thread.tid)),
            "attitudes_count": 17}})

    def hotflow(self, req: Request) -> Response:
        thread = self.store.thread(req.param("id") or req.param("mid"))
        if thread is None:
            return json_response({"ok": 0, "msg": "暂无数据"})
        max_id, claimed_type = req.param("max_id", "0"), req.param("max_id_type", "0")
        cursor_seq = None
        if max_id not in ("", "0"):
            offset = to_int(max_id, -1) - MAX_ID_BASE
            if offset < 0 or str(offset % 2) != claimed_type:
                return json_response({"ok": 0, "errno": "100005", "msg": "请求参数错误(max_id_type)"})
            cursor_seq = offset // 2
        tops = self.store.listing(thread=thread.tid, top_only=True)
        chunk, more = older_than(tops, cursor_seq, HOT_PAGE)
        next_type = 0 if cursor_seq is None else 1
        end: int | str = "0" if thread.extra["index"] % 2 == 0 else 0
        next_max = MAX_ID_BASE + chunk[-1].seq * 2 + next_type if more else end
        return json_response({"ok": 1, "data": {
            "data": [self._comment(e, True) for e in chunk],
            "total_number": len(self.store.listing(thread=thread.tid)),
            "max_id": next_max, "max_id_type": next_type, "max": pages(len(tops), HOT_PAGE)}})

    def hot_flow_child(self, req: Request) -> Response:
        root = self.store.get(req.param("cid"))
        if root is None or root.root is not None:
            return json_response({"ok": 0, "msg": "评论不存在或已被删除"})
        max_id = req.param("max_id", "0")
        cursor_seq = (to_int(max_id) - MAX_ID_BASE) // 2 if max_id not in ("", "0") else None
        children = self.store.listing(root=root.eid)
        chunk, more = older_than(children, cursor_seq, CHILD_PAGE)
        return json_response({
            "ok": 1, "data": [self._comment(e, False) for e in chunk], "total_number": len(children),
            "max_id": MAX_ID_BASE + chunk[-1].seq * 2 if more else 0, "max_id_type": 0,
            "max": pages(len(children), CHILD_PAGE), "rootComment": [self._comment(root, False)]})

    def comments_show(self, req: Request) -> Response:
        thread = self.store.thread(req.param("id"))
        if thread is None:
            return json_response({"ok": 0, "msg": "暂无数据"})
        now = self.now()
        tops = self.store.listing(thread=thread.tid, top_only=True)
        page = to_int(req.param("page", "1"), 1, lo=1)
        chunk = tops[(page - 1) * SHOW_PAGE: page * SHOW_PAGE]
        data = [{"id": int(e.eid), "created_at": weibo_relative(e.created, now, e.seq), "source": f"来自{e.region}",
                 "text": self._text(e), "like_counts": count_text(e.likes), "floor_number": e.extra.get("floor", 0),
                 "user": self._user(e.author, e.seq)} for e in chunk]
        return json_response({"ok": 1, "data": {"data": data, "total_number": len(tops),
                                                "max": pages(len(tops), SHOW_PAGE)}})
