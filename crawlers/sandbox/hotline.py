"""12345 hotline public work orders (办件公开): paged JSON list + detail, own deadlines, urgent flags, a re-published edit."""

from __future__ import annotations

from datetime import datetime, timedelta

from .base import Request, Response, Route, Source, json_response, to_int
from .content import ContentGen, Entry, build_board, publish_letter
from .timefmt import iso_minutes, local, unix_ms

CATEGORIES = ("咨询", "求助", "建议", "投诉", "举报")
AREAS = ("某某街道", "城南街道", "东湖街道", "柳岸镇", "青石镇")
DEPTS = ("区民政局", "某某街道办事处", "区民政局、某某街道办事处", "区住建局、区民政局、城南街道")
REPUBLISHED_INDEX = 20
EDIT_NOTE = "（更新）经复核，"


def deadline_text(accepted: datetime, days: int) -> str:
    """An order's own 办理时限, e.g. ``2024-03-20 18:00`` (``days`` after acceptance, at 18:00)."""
    return iso_minutes(local(accepted + timedelta(days=days)).replace(hour=18, minute=0, second=0))


def order_fields(gen: ContentGen, index: int, accepted: datetime) -> dict[str, object]:
    """Per-order attributes shared by the public feed and the XLSX drop files."""
    rng = gen.rng
    fields: dict[str, object] = {
        "category": CATEGORIES[index % len(CATEGORIES)], "urgent": index % 11 == 3,
        "phone": gen.masked_phone(), "address": gen.masked_address(), "area": rng.choice(AREAS),
        "dept": DEPTS[index % len(DEPTS)]}
    if index % 4 == 1 or fields["urgent"]:
        fields["deadline"] = deadline_text(accepted, 1 if fields["urgent"] else rng.choice((3, 5, 7)))
    return fields


class HotlineSource(Source):
    """Source key ``hotline_12345``: ``orderNo`` is the external id; the list is ordered by publication time."""

    key = "hotline_12345"

    def build(self, now: datetime) -> None:
        build_board(self.store, self.gen, now, 45, self._new_id, reply_ratio=0.6)
        for e in list(self.store.entries.values()):  # order numbers carry the acceptance date
            del self.store.entries[e.eid]
            e.eid = f"{local(e.created):%y%m%d}{e.seq:07d}"
            self.store.add(e)
        for e in self.store.listing():
            e.extra.update(order_fields(self.gen, e.seq, e.created), published=e.reply.at if e.reply else e.created)
        edited = next(e for e in self.store.listing()[REPUBLISHED_INDEX:] if e.reply is not None)
        assert edited.reply is not None
        edited.reply.text = EDIT_NOTE + edited.reply.text
        edited.version = 1
        edited.extra["published"] = now - timedelta(minutes=10)
        for seq, e in enumerate(sorted(self.store.entries.values(), key=lambda x: x.extra["published"]), start=1):
            e.seq = seq

    def _new_id(self, seq: int, _root: Entry | None) -> str:
        return f"{self.clock.now():%y%m%d}{seq:07d}"

    def grow(self, now: datetime) -> None:
        e = publish_letter(self.store, self.gen, now, self._new_id)
        e.extra.update(order_fields(self.gen, e.seq, e.created), published=now)

    def routes(self) -> list[Route]:
        return [self.route("GET", r"/hotline/public/list", self.public_list),
                self.route("GET", r"/hotline/public/detail", self.detail)]

    @staticmethod
    def _status(e: Entry) -> str:
        if e.reply is not None:
            return "已回访" if e.seq % 3 == 0 else "已办结"
        return ("已受理", "已派单", "办理中")[e.seq % 3]

    def _summary(self, e: Entry) -> dict[str, object]:
        x = e.extra
        item: dict[str, object] = {
            "orderNo": e.eid, "title": e.title, "category": x["category"], "area": x["area"],
            "acceptTime": iso_minutes(e.created), "status": self._status(e), "handleDept": x["dept"],
            "replyTime": iso_minutes(e.reply.at) if e.reply else "", "urgent": x["urgent"],
            "satisfaction": ("满意", "基本满意", "不满意", "")[e.seq % 4] if e.reply else "",
            "publishTime": unix_ms(x["published"])}
        if "deadline" in x:
            item["deadline"] = x["deadline"]
        return item

    def public_list(self, req: Request) -> Response:
        page = to_int(req.param("page"), 1, lo=1)
        size = to_int(req.param("size"), 20, lo=1, hi=50)
        items = self.store.listing()
        if req.param("status") == "done":
            items = [e for e in items if e.reply is not None]
        chunk = items[(page - 1) * size: page * size]
        return json_response({"code": 0, "msg": "success", "data": {
            "total": len(items), "page": page, "size": size, "list": [self._summary(e) for e in chunk]}})

    def detail(self, req: Request) -> Response:
        e = self.store.get(req.param("orderNo"))
        if e is None:
            return json_response({"code": 404, "msg": "工单不存在或未公开", "data": None})
        x = e.extra
        flow: list[dict[str, object]] = [{"node": "受理", "time": iso_minutes(e.created)},
                                         {"node": "派单", "dept": x["dept"], "time": iso_minutes(e.created + timedelta(minutes=40))}]
        if e.reply is not None:
            flow.append({"node": "办结", "time": iso_minutes(e.reply.at)})
        data = self._summary(e) | {
            "appeal": f"{e.text}（来电人电话：{x['phone']}，地址：{x['address']}）", "reply": e.reply.text if e.reply else "",
            "contactPhone": x["phone"], "address": x["address"], "flow": flow,
            "updateTime": iso_minutes(x["published"]), "version": e.version}
        return json_response({"code": 0, "msg": "success", "data": data})
