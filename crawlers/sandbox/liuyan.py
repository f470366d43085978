"""人民网 领导留言板: legacy form-POST list + HTML detail, and the signed JSON API (list/df, content)."""

from __future__ import annotations

import html
import json
from datetime import datetime, timedelta

from .base import Request, Response, Route, Source, html_response, json_response, md5_hex, not_found, to_int
from .content import Entry, board_status, build_board, publish_letter, stable_number
from .timefmt import iso_minutes, unix_s

APP_CODE = "SANDBOX0000000001"
LEGACY_FID = "9001"
API_FID = "559"
PAGE_SIZE = 10
PREVIEW_CHARS = 40
BAD_SIGNATURE = {"code": "SN0006", "msg": "数据格式错误"}
_STATES = {"2": "待回复", "3": "办理中", "4": "已办理"}
_TYPES = ("投诉", "咨询", "建言", "求助", "感谢")
_CITIES = (" 江苏省 南京市", " 广西壮族自治区 钦州市", " 河南省 郑州市", " 湖南省 长沙市")


def liuyan_signature(path: str, param: str, app_code: str = APP_CODE, token: str = "") -> str:
    """md5(path + param + md5(appCode)[:16] + token); ``path`` is the platform path, e.g. ``/v1/threads/list/df``."""
    return md5_hex(path + param + md5_hex(app_code)[:16] + token)


def _state(e: Entry) -> str:
    return board_status(e, "已办理", "办理中", "待回复")


class _LiuyanBoard(Source):
    """Threads (留言) to one 留言对象 (``fid``); ``tid`` is the external id."""

    fid = ""
    forum = ""
    id_base = 0

    def build(self, now: datetime) -> None:
        build_board(self.store, self.gen, now, 36, self._new_id, reply_ratio=0.65)

    def _new_id(self, seq: int, _root: Entry | None) -> str:
        return str(self.id_base + seq * 13)

    def grow(self, now: datetime) -> None:
        publish_letter(self.store, self.gen, now, self._new_id)

    def page_after(self, last_item: str, rows: int, state: str = "1") -> list[Entry]:
        """Threads older than tid ``last_item`` (empty/0 = newest), filtered by the legacy ``state`` code."""
        last = to_int(last_item, 0)
        wanted = _STATES.get(state)
        items = [e for e in self.store.listing()
                 if (not last or int(e.eid) < last) and (wanted is None or _state(e) == wanted)]
        return items[:rows]

    def thread_json(self, e: Entry) -> dict[str, object]:
        """One list record; ``content`` is a preview ending in ``...`` when the letter is longer."""
        n = stable_number(e.eid, 0, 10_000)
        preview = e.text[:PREVIEW_CHARS] + "..." if len(e.text) > PREVIEW_CHARS else e.text
        checked = e.created + timedelta(hours=1 + n % 20)
        answered = e.reply is not None
        return {
            "tid": int(e.eid), "userId": 30_000_000 + n, "fid": int(self.fid), "typeId": 1 + e.seq % 5,
            "domainId": 7, "topicId": 0, "nickName": e.author, "subject": e.title, "content": preview,
            "dateline": unix_s(e.created), "threadsCheckTime": unix_s(checked), "createDateline": unix_s(e.created),
            "ip": f"{36 + n % 180}.{n % 251}.{n % 97}.*", "stateInfo": _state(e), "traceInfo": _state(e),
            "processInfo": "已交办" if answered or e.seq % 2 else "未交办", "hasReported": False, "favNum": n % 40,
            "forumName": self.forum, "typeName": _TYPES[e.seq % 5], "domainName": "民政",
            "sourceName": "移动端" if n % 2 else "PC浏览器",
            "answerId": 555_000 + e.seq if answered else None,
            "answerContent": e.reply.text if e.reply else None,
            "answerDateline": unix_s(e.reply.at) if e.reply else None,
            "lastAnswerTime": unix_s(e.reply.at) if e.reply else None,
            "answerOrganization": e.reply.org if e.reply else None, "userType": 1, "threadState": 1,
            "publicAttachment": 0, "attachment": 0, "userFavStatus": 0, "grade": None, "gradeLevel": None,
            "gradeManner": None, "gradeSpeed": None, "trashRecheckState": 0, "from": _CITIES[n % len(_CITIES)]}


class LiuyanLegacySource(_LiuyanBoard):
    """Source key ``liuyan_legacy``: ``POST /threads/queryThreadsList`` (form), GET answers 405."""

    key = "liuyan_legacy"
    fid = LEGACY_FID
    forum = "某区区委书记"
    id_base = 26_100_000

    def routes(self) -> list[Route]:
        return [self.route("POST", r"/liuyan/threads/queryThreadsList", self.query_threads),
                self.route("GET", r"/liuyan/threads/content", self.content_html)]

    def query_threads(self, req: Request) -> Response:
        form = req.form
        if form.get("fid") != self.fid:
            return json_response({"result": "success", "success": True, "responseData": []})
        chunk = self.page_after(form.get("lastItem", "0"), PAGE_SIZE, form.get("state", "1"))
        return json_response({"result": "success", "success": True,
                              "responseData": [self.thread_json(e) for e in chunk]})

    def content_html(self, req: Request) -> Response:
        e = self.store.get(req.param("tid"))
        if e is None:
            return not_found("留言不存在")
        reply = "" if e.reply is None else (
            f'<div class="replyInfo"><h4 class="replyOrg">{html.escape(e.reply.org)}</h4>'
            f'<p class="replyContent">{html.escape(e.reply.text)}</p><span class="replyTime">{iso_minutes(e.reply.at)}</span></div>')
        return html_response(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(e.title)}_领导留言板</title></head><body>'
            f'<span id="currentForum">{self.forum}</span><div class="context-title-text">{html.escape(e.title)}</div>'
            f'<h3 class="grey2"><span>{e.author}&nbsp;&nbsp;{iso_minutes(e.created)}</span></h3>'
            f'<div class="content">{html.escape(e.text)}</div><p class="state">{_state(e)}</p>{reply}</body></html>')


class LiuyanApiSource(_LiuyanBoard):
    """Source key ``liuyan_api``: the signed JSON API (``/v1/threads/list/df``, ``/v1/threads/content``)."""

    key = "liuyan_api"
    fid = API_FID
    forum = "某市市长"
    id_base = 27_200_000

    def routes(self) -> list[Route]:
        return [self.route("POST", r"/liuyan/v1/threads/list/df", self.list_df),
                self.route("POST", r"/liuyan/v1/threads/content", self.content)]

    @staticmethod
    def verified_param(req: Request, sign_path: str) -> dict[str, object] | None:
        """The decoded ``param`` if appCode and signature are right, else None."""
        body = req.json()
        if not isinstance(body, dict):
            return None
        app, token, signature, param = (body.get(k) for k in ("appCode", "token", "signature", "param"))
        token = "" if token is None else token
        if app != APP_CODE or not isinstance(param, str) or not isinstance(token, str):
            return None
        if signature != liuyan_signature(sign_path, param, APP_CODE, token):
            return None
        try:
            decoded = json.loads(param)
        except ValueError:
            return None
        return decoded if isinstance(decoded, dict) else None

    def list_df(self, req: Request) -> Response:
        param = self.verified_param(req, "/v1/threads/list/df")
        if param is None:
            return json_response(BAD_SIGNATURE)
        data: list[dict[str, object]] = []
        if str(param.get("fid", "")) == self.fid:
            rows = to_int(param.get("rows"), PAGE_SIZE, lo=1, hi=50)
            data = [self.thread_json(e) for e in self.page_after(str(param.get("lastItem") or ""), rows)]
        return json_response({"resultCode": "0", "resultMsg": "success", "resultData": {"data": data}})

    def content(self, req: Request) -> Response:
        param = self.verified_param(req, "/v1/threads/content")
        if param is None:
            return json_response(BAD_SIGNATURE)
        e = self.store.get(str(param.get("tid", "")))
        if e is None:
            return json_response({"resultCode": "1", "resultMsg": "留言不存在", "resultData": None})
        parts: list[dict[str, object]] = [{"dataType": 1, "nickName": e.author, "content": e.text,
                                           "dateline": unix_s(e.created), "stateInfo": _state(e), "tags": "民政"}]
        if e.reply is not None:
            parts.append({"dataType": 4, "organization": e.reply.org, "content": e.reply.text,
                          "dateline": unix_s(e.reply.at)})
        return json_response({"resultCode": "0", "resultMsg": "success", "resultData": {
            "tid": int(e.eid), "subject": e.title, "forumName": self.forum, "contentList": parts}})
