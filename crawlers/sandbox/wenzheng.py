"""Regional 问政 JSON platforms: 红网 (JSON-or-form list, HTML content, the ~1 MB letter) and 武汉城市留言板 (form, sporadic 502)."""

from __future__ import annotations

import html
from datetime import datetime, timedelta

from .base import Request, Response, Route, Source, json_response, to_int
from .content import ContentGen, Entry, build_board, count_text, publish_letter
from .timefmt import iso_minutes, iso_seconds

HUGE_BYTES = 1_000_000
HUGE_INDEX = 4
_REDNET_TYPES = ("咨询", "投诉", "建议", "求助")
_WUHAN_TYPES = ((1, "问题反映"), (2, "咨询"), (3, "建议"), (4, "求助"))


def huge_text(gen: ContentGen, size: int = HUGE_BYTES) -> str:
    """A letter of about ``size`` UTF-8 bytes made of numbered paragraphs."""
    parts, total, i = [], 0, 0
    while total < size:
        i += 1
        para = f"（{i}）{gen.comment()}"
        parts.append(para)
        total += len(para.encode("utf-8")) + 1
    return "\n".join(parts)


def _html_paras(text: str) -> str:
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in text.split("\n"))


class _JsonBoard(Source):
    """A letter board whose ids are ``id_base + seq * 5``."""

    id_base = 0
    count = 42

    def build(self, now: datetime) -> None:
        build_board(self.store, self.gen, now, self.count, self._new_id)

    def _new_id(self, seq: int, _root: Entry | None) -> str:
        return str(self.id_base + seq * 5)

    def grow(self, now: datetime) -> None:
        publish_letter(self.store, self.gen, now, self._new_id)


class RednetSource(_JsonBoard):
    """Source key ``rednet``: 红网 百姓呼声; ``id`` is the external id."""

    key = "rednet"
    id_base = 4_710_000

    def build(self, now: datetime) -> None:
        super().build(now)
        self.store.listing()[HUGE_INDEX].text = "我要反映的情况比较多，分条列出如下：\n" + huge_text(self.gen)

    def routes(self) -> list[Route]:
        return [self.route("POST", r"/rednet/front/msg/list", self.msg_list),
                self.route("GET", r"/rednet/front/msg/detail", self.detail)]

    @staticmethod
    def _is_reply(e: Entry) -> int:
        return 1 if e.reply else (2 if e.seq % 2 else 0)

    def msg_list(self, req: Request) -> Response:
        body = req.json()
        params = body if isinstance(body, dict) else req.form
        page = to_int(params.get("page"), 1, lo=1)
        size = to_int(params.get("page_num"), 20, lo=1, hi=100)
        wanted = params.get("is_reply")
        items = [e for e in self.store.listing() if wanted in (None, "") or self._is_reply(e) == to_int(wanted, -1)]
        rows = [{"id": int(e.eid), "title": e.title, "created_at": iso_seconds(e.created),
                 "type_name": _REDNET_TYPES[e.seq % 4], "nickname": f"网友{int(e.eid) % 65536:04x}",
                 "city_id": "430100", "area_id": "43012" + str(e.seq % 9), "is_reply": self._is_reply(e),
                 "reply_name": e.reply.org if e.reply else "", "reply_time": iso_seconds(e.reply.at) if e.reply else "",
                 "click_num": count_text(e.likes * 37)} for e in items[(page - 1) * size: page * size]]
        return json_response({"status": "1", "msg": "success", "data": {"total": len(items), "rows": rows}})

    def detail(self, req: Request) -> Response:
        e = self.store.get(req.param("id"))
        if e is None:
            return json_response({"status": "0", "msg": "信息不存在或已删除", "data": None})
        replies = [] if e.reply is None else [{"name": e.reply.org, "reply_time": iso_seconds(e.reply.at),
                                               "content": _html_paras(e.reply.text)}]
        return json_response({"status": "1", "msg": "success", "data": {
            "id": int(e.eid), "title": e.title, "content": _html_paras(e.text), "created_at": iso_seconds(e.created),
            "type_name": _REDNET_TYPES[e.seq % 4], "is_reply": self._is_reply(e), "reply": replies, "comment": []}})


class WuhanSource(_JsonBoard):
    """Source key ``wuhan_board``: 武汉城市留言板; ``queryCode`` (= ``tid``) is the external id."""

    key = "wuhan_board"
    fault_kinds = ("502",)
    id_base = 1_234_000

    def routes(self) -> list[Route]:
        base = r"/wuhan/messageboard/internetUserInterface"
        return [self.route("POST", base + r"/selectThreadsByGroup", self.select_group),
                self.route("POST", base + r"/selectThreadsOne", self.select_one)]

    @staticmethod
    def _state(e: Entry) -> int:
        return 3 if e.reply else 2

    def select_group(self, req: Request) -> Response:
        form = req.form
        size = to_int(form.get("pageSize"), 20, lo=1, hi=100)
        page = to_int(form.get("pageNum"), 1, lo=1)
        state = to_int(form.get("handleState"), 1)
        items = [e for e in self.store.listing() if state not in (2, 3) or self._state(e) == state]
        rows = []
        for e in items[(page - 1) * size: page * size]:
            type_id, type_txt = _WUHAN_TYPES[e.seq % 4]
            rows.append({"queryCode": e.eid, "subject": e.title, "content": e.text[:60] + ("……" if len(e.text) > 60 else ""),
                         "dateline_txt": iso_minutes(e.created), "domainId": 12, "domainId_txt": "社会服务",
                         "typeId": type_id, "typeId_txt": type_txt, "handleState": self._state(e)})
        return json_response({"total": len(items), "rows": rows})

    def select_one(self, req: Request) -> Response:
        e = self.store.get(req.form.get("tid", ""))
        if e is None:
            return json_response({"threadsObj": None, "msg": "留言不存在"})
        answers = []
        if e.reply is not None:
            answer = {"asContent": e.reply.text, "organization": e.reply.org, "dateline_txt": iso_minutes(e.reply.at),
                      "feedbackContent": "", "feedbackCreateTime": ""}
            if e.seq % 3 == 0:
                answer.update(feedbackContent="好多了，谢谢！",
                              feedbackCreateTime=iso_minutes(min(e.reply.at + timedelta(hours=30), self.now())))
            answers.append(answer)
        return json_response({"threadsObj": {
            "tid": int(e.eid), "queryCode": e.eid, "subject": e.title, "content": e.text,
            "dateline_txt": iso_minutes(e.created), "handleState": self._state(e), "answersList": answers}})
