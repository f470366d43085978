"""Files the bureau receives instead of crawling: a 公众号 backend comment export and a 12345 dispatched work-order XLSX."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

from .content import ContentGen
from .hotline import deadline_text, order_fields
from .timefmt import Clock, iso_seconds, local
from .wechat import WechatSource

WECHAT_HEADERS = ("留言ID", "文章标题", "用户昵称", "留言内容", "留言时间", "点赞数", "是否精选", "作者回复", "回复时间")
HOTLINE_HEADERS = ("工单编号", "受理时间", "诉求类型", "紧急程度", "诉求人", "联系电话", "诉求地址", "诉求标题",
                   "诉求内容", "办理时限", "承办单位", "派单时间", "工单状态")


def _write_rows(path: Path, fmt: str, sheet: str, headers: tuple[str, ...], rows: list[list[object]]) -> None:
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            writer.writerows(["" if v is None else v for v in row] for row in rows)
        return
    if fmt != "xlsx":
        raise ValueError(f"unknown export format {fmt!r} (csv or xlsx)")
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(headers))
    for row in rows:
        ws.append(row)
    book.save(path)


def write_wechat_export(path: str | Path, fmt: str = "csv", seed: int = 1, now: datetime | None = None) -> list[str]:
    """Write the 公众号 backend's comment export (the same comments the sandbox serves for ``seed``); returns 留言IDs."""
    source = WechatSource(seed, Clock(now))
    rows: list[list[object]] = []
    ids: list[str] = []
    for thread in source.store.thread_list():
        for e in source.store.listing(thread=thread.tid, top_only=True):
            author_reply = next((r for r in reversed(source.store.listing(root=e.eid)) if r.official), None)
            rows.append([e.eid, thread.title, e.author, e.text, iso_seconds(e.created), e.likes, "是",
                         author_reply.text if author_reply else "",
                         iso_seconds(author_reply.created) if author_reply else ""])
            ids.append(e.eid)
    _write_rows(Path(path), fmt, "留言", WECHAT_HEADERS, rows)
    return ids


def write_hotline_xlsx(path: str | Path, seed: int = 1, count: int = 20, now: datetime | None = None) -> list[str]:
    """Write a 12345 dispatched work-order file (sheet 派单, Chinese headers); returns the 工单编号 in file order."""
    gen = ContentGen(seed, "hotline_xlsx")
    clock_now = Clock(now).now()
    rows: list[list[object]] = []
    ids: list[str] = []
    for i in range(count):
        accepted = clock_now - timedelta(hours=3 * (count - i) + gen.rng.randint(0, 2), minutes=gen.rng.randint(0, 59))
        fields = order_fields(gen, i, accepted)
        text = gen.letter()
        order_no = f"{local(accepted):%Y%m%d}{i + 1:05d}"
        urgency = "特急" if fields["urgent"] else ("紧急" if i % 7 == 5 else "一般")
        deadline = fields.get("deadline") or deadline_text(accepted, 5)
        rows.append([order_no, local(accepted).replace(tzinfo=None), fields["category"], urgency, gen.masked_name(2),
                     fields["phone"], fields["address"], gen.title(text), text, deadline, fields["dept"],
                     iso_seconds(accepted + timedelta(minutes=35)), "已派单"])
        ids.append(order_no)
    _write_rows(Path(path), "xlsx", "派单", HOTLINE_HEADERS, rows)
    return ids
