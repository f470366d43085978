"""Government-site boards: Hanweb jpage (CDATA records), Hanweb jact mailbox (JS dataStore, GBK detail), sun0769-style 问政 HTML."""

from __future__ import annotations

import html
import json
from datetime import datetime

from .base import Request, Response, Route, Source, html_response, not_found, pages, text_response, to_int
from .content import Entry, board_status, build_board, publish_letter
from .timefmt import chinese_full, date_only, iso_minutes, iso_seconds, local

COLUMN = "1234"
JACT_SYSID = "84"
WZ_PAGE = 10
_GBK_FOOTER = "承办：区民政局办公室　联系人：刘喆、王堃　地址：镕达路88号～"


def _paras(text: str) -> str:
    """Letter text as ``<p>`` paragraphs with the typographic quotes boards use (&ldquo; &rdquo;)."""
    parts = [html.escape(p, quote=False) for p in text.replace("！", "！\n").split("\n") if p.strip()]
    return "".join(f"<p>&ldquo;{p}&rdquo;</p>" if i == 1 else f"<p>{p}</p>" for i, p in enumerate(parts))


class _Board(Source):
    """A flat list of letters with ids ``base + seq * step``."""

    count = 40
    id_base = 0
    id_step = 7
    reply_ratio = 0.6

    def build(self, now: datetime) -> None:
        build_board(self.store, self.gen, now, self.count, self._new_id, self.reply_ratio)

    def _new_id(self, seq: int, _root: Entry | None) -> str:
        return str(self.id_base + seq * self.id_step)

    def grow(self, now: datetime) -> None:
        publish_letter(self.store, self.gen, now, self._new_id, answered=self.reply_ratio >= 1.0)

    def window_1based(self, req: Request, default_size: int) -> tuple[list[Entry], int]:
        """Hanweb record windows: ``startrecord``..``endrecord`` (1-based, inclusive) of the newest-first list."""
        items = self.store.listing()
        start = to_int(req.param("startrecord"), 1, lo=1)
        end = to_int(req.param("endrecord"), start + default_size - 1, lo=start)
        return items[start - 1:end], len(items)


class JpageSource(_Board):
    """Source key ``gov_jpage``: published answers (公开答复) listed through Hanweb's jpage data proxy."""

    key = "gov_jpage"
    id_base = 998000
    reply_ratio = 1.0

    def routes(self) -> list[Route]:
        return [self.route("POST", r"/gov/module/web/jpage/dataproxy\.jsp", self.dataproxy),
                self.route("GET", r"/gov/art/(\d{4})/(\d{1,2})/(\d{1,2})/art_(\d+)_(\d+)\.html", self.detail)]

    @staticmethod
    def art_url(e: Entry) -> str:
        d = local(e.created)
        return f"/gov/art/{d.year}/{d.month}/{d.day}/art_{COLUMN}_{e.eid}.html"

    def dataproxy(self, req: Request) -> Response:
        perpage = to_int(req.param("perpage"), 15, lo=1, hi=100)
        chunk, total = self.window_1based(req, perpage * 3)
        records = "".join(
            f'<record><![CDATA[<li><a href="{self.art_url(e)}" title="{html.escape(self._title(e))}" target="_blank">'
            f'{html.escape(self._title(e))}</a><span>{date_only(e.created)}</span></li>]]></record>\n' for e in chunk)
        records += f'<record><![CDATA[<li class="more"><a href="/gov/col/col{COLUMN}/index.html">更多&gt;&gt;</a></li>]]></record>\n'
        group = to_int(req.param("endrecord"), 0) // max(perpage, 1) + 1
        body = (f'<?xml version="1.0" encoding="UTF-8"?><datastore><nextgroup><![CDATA[<a href="/gov/col/col{COLUMN}/index.html'
                f'?uid=5678&pageNum={group}">下一组</a>]]></nextgroup><recordset>\n{records}</recordset>'
                f"<totalrecord>{total}</totalrecord><totalpage>{pages(total, perpage)}</totalpage></datastore>\n"
                f"<script>dataAfter({{totalRecord:{total},perPage:{perpage}}});</script>")
        return text_response(body)

    @staticmethod
    def _title(e: Entry) -> str:
        return f"关于{e.title}的答复"

    def detail(self, req: Request) -> Response:
        assert req.match is not None
        e = self.store.get(req.match.group(5))
        if e is None or self.art_url(e) != req.path or e.reply is None:
            return not_found()
        title = html.escape(self._title(e))
        return html_response(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}_区民政局</title></head><body>'
            f'<div class="main"><h1 class="title">{title}</h1><div class="info">发布日期：{date_only(e.created)}'
            f'　信息来源：{html.escape(e.reply.org)}</div><div id="zoom"><p>网友来信：</p>{_paras(e.text)}'
            f'<p>答复内容：</p>{_paras(e.reply.text)}<p style="text-align:right">{html.escape(e.reply.org)}</p>'
            f'<p style="text-align:right">{date_only(e.reply.at)}</p></div></div></body></html>')


class JactSource(_Board):
    """Source key ``gov_jact``: a Hanweb jact mailbox (局长信箱); detail pages are GBK with a gb2312 meta."""

    key = "gov_jact"
    count = 35
    id_base = 98000
    id_step = 3
    error_page = "对不起，系统繁忙！"

    def routes(self) -> list[Route]:
        return [self.route("POST", r"/gov/jact/front/dataproxy_mailpublist\.do", self.dataproxy),
                self.route("GET", r"/gov/jact/front/mailpubdetail\.do", self.detail),
                self.route("GET", r"/gov/jact/front/error\.html", self.error)]

    @staticmethod
    def mail_no(e: Entry) -> str:
        return f"XX{local(e.created):%Y%m%d}{e.seq % 1000:03d}"

    def dataproxy(self, req: Request) -> Response:
        chunk, total = self.window_1based(req, to_int(req.param("perpage"), 19, lo=1) * 3)
        rows = [f'<tr><td>{self.mail_no(e)}</td><td><a href="mailpubdetail.do?sysid={JACT_SYSID}&objid={e.eid}" '
                f'title="{html.escape(e.title)}">{html.escape(e.title)}</a></td><td>{board_status(e)}</td>'
                f"<td>{date_only(e.created)}</td><td>{e.likes}</td></tr>" for e in chunk]
        return text_response(f"var totalRecord = {total};\ndataStore = {json.dumps(rows, ensure_ascii=False)};\n")

    def error(self, _req: Request) -> Response:
        return html_response('<html><head><meta charset="gb2312"></head><body>信件不存在或未公开</body></html>',
                             encoding="gbk", charset_label="gb2312")

    def detail(self, req: Request) -> Response:
        e = self.store.get(req.param("objid"))
        if e is None:
            return Response(b"", 302, "text/html", {"Location": "/gov/jact/front/error.html"})
        title = html.escape(e.title)
        reply = ""
        if e.reply is not None:
            reply = (f'<div style="padding-bottom:15px;"><table><tr><td colspan="4">回复信息</td></tr><tr><td colspan="4"></td></tr>'
                     f'<tr><td>回复内容</td><td colspan="3"><span>{html.escape(e.reply.text)}</span></td></tr>'
                     f'<tr><td>回复单位</td><td><span><a href="#">{html.escape(e.reply.org)}</a></span></td>'
                     f"<td>回复时间</td><td><span>{iso_seconds(e.reply.at)}</span></td></tr></table></div>")
        page = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>{title}</title></head>'
                f'<body><div class="jact_main"><div class="jact_box"><div class="jact_box_font"><table>'
                f'<tr><td>信件标题</td><td colspan="3"><span>{title}</span></td></tr>'
                f'<tr><td>信件编号</td><td><span>{self.mail_no(e)}</span></td><td>来信人</td><td><span>{e.author}</span></td></tr>'
                f'<tr><td>来信内容</td><td colspan="3"><span>{html.escape(e.text)}</span></td></tr>'
                f'<tr><td>办理状态</td><td><span>{board_status(e)}</span></td><td>来信时间</td>'
                f"<td><span>{iso_seconds(e.created)}</span></td></tr></table></div>{reply}</div></div>"
                f'<div class="footer">{_GBK_FOOTER}</div></body></html>')
        return html_response(page, encoding="gbk", charset_label="gb2312")


class WenzhengSource(_Board):
    """Source key ``gov_wenzheng``: classic 问政 HTML (sun0769 shape) with ``<pre>`` bodies."""

    key = "gov_wenzheng"
    count = 38
    id_base = 682000
    id_step = 1

    def routes(self) -> list[Route]:
        return [self.route("GET", r"/wz/political/index/politicsNewest", self.listing),
                self.route("GET", r"/wz/political/politics/index", self.detail)]

    def listing(self, req: Request) -> Response:
        page = to_int(req.param("page"), 1, lo=1)
        items = self.store.listing()
        chunk = items[(page - 1) * WZ_PAGE: page * WZ_PAGE]
        rows = "".join(
            f'<li><span class="state1">{e.eid}</span><span class="state2">{board_status(e, "已回复", "处理中", "待处理")}</span>'
            f'<span class="state3"><a href="/wz/political/politics/index?id={e.eid}" class="color-hover">{html.escape(e.title)}</a></span>'
            f'<span class="state4">{iso_minutes(e.created)}</span>'
            f'<span class="state5">{self._duration(e)}</span></li>' for e in chunk)
        last = pages(len(items), WZ_PAGE)
        nav = "".join(f'<a href="/wz/political/index/politicsNewest?id=1&amp;page={p}">{label}</a>'
                      for p, label in ((1, "首页"), (page - 1, "上一页"), (page + 1, "下一页"), (last, "尾页"))
                      if 1 <= p <= last and not (label == "下一页" and page >= last))
        return html_response(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>最新问政_阳光热线问政平台</title></head><body>'
            f'<ul class="title-state-ul">{rows}</ul><div class="mr-page">{nav}<span class="total">共{len(items)}条'
            f"</span></div></body></html>")

    @staticmethod
    def _duration(e: Entry) -> str:
        if e.reply is None:
            return "未回复"
        days = max((e.reply.at - e.created).days, 0)
        return f"{days}天" if days else "当天"

    def detail(self, req: Request) -> Response:
        e = self.store.get(req.param("id"))
        if e is None:
            return not_found("该问政不存在或已删除")
        status = board_status(e, "已回复", "处理中", "待处理")
        body = html.escape(e.text).replace("。", "。\r\n")
        reply = "" if e.reply is None else (
            f'<div class="reply-box"><span>回复单位：{html.escape(e.reply.org)}</span><span>回复时间：{iso_minutes(e.reply.at)}'
            f"</span><pre>{html.escape(e.reply.text)}</pre></div>")
        return html_response(
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(e.title)}</title></head><body>'
            f'<div class="mr-three"><p class="focus-title">{html.escape(e.title)}</p>'
            f'<div class="focus-date clear focus-date-list"><span>网友：{e.author}</span><span>{chinese_full(e.created)}</span>'
            f"<span>状态：{status}</span><span>编号：{e.eid}</span></div>"
            f'<div class="details-box"><pre>{body}</pre></div></div>{reply}</body></html>')
