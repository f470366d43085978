"""Export files instead of crawls: the 公众号 backend comment export (CSV/XLSX) and the 12345 dispatched XLSX, and watched folders."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from scrapy.exceptions import DropItem
from scrapy.settings import Settings

from crawlers.errors import ImportFileError
from crawlers.items import MessageItem
from crawlers.pipelines.classify import ClassifyPipeline
from crawlers.pipelines.dedupe import DedupePipeline
from crawlers.pipelines.normalise import NormalisePipeline
from crawlers.pipelines.store import StorePipeline
from crawlers.runlog import RunLog
from crawlers.sources import SourceSpec
from crawlers.textclean import decode_bytes
from tracker.timeutil import to_utc

SUFFIXES = (".csv", ".xlsx")
csv.field_size_limit(16 * 1024 * 1024)  # a 1 MB message is a message; the normalise pipeline decides what to keep
Row = dict[str, Any]


def read_rows(path: Path) -> list[Row]:
    """Rows of a CSV (UTF-8 with/without BOM, or GB18030) or of the first XLSX sheet, keyed by the header row."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        text = decode_bytes(path.read_bytes().removeprefix(b"\xef\xbb\xbf"))
        return [dict(r) for r in csv.DictReader(io.StringIO(text))]
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ImportFileError(f"无法读取 {path.name}: {exc}") from exc
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        book.close()
        if not rows:
            return []
        header = [str(h).strip() if h is not None else "" for h in rows[0]]
        return [dict(zip(header, r)) for r in rows[1:] if any(v not in (None, "") for v in r)]
    raise ImportFileError(f"不支持的文件类型 {path.name} (CSV or XLSX)")


def _require(rows: list[Row], columns: tuple[str, ...], path: Path) -> None:
    if rows and (missing := [c for c in columns if c not in rows[0]]):
        raise ImportFileError(f"{path.name} 缺少列: {', '.join(missing)}")


def _s(value: Any) -> str:
    return "" if value is None else str(value).strip()


def wechat_export_items(rows: list[Row], path: Path, make: Callable[..., MessageItem]) -> Iterator[MessageItem]:
    """公众号后台 留言导出: 留言ID, 文章标题, 用户昵称, 留言内容, 留言时间, 点赞数, 作者回复, 回复时间."""
    _require(rows, ("留言ID", "留言内容", "留言时间"), path)
    for r in rows:
        yield make(external_id=_s(r["留言ID"]), text_raw=_s(r["留言内容"]), created_at_raw=r.get("留言时间"),
                   author_name=_s(r.get("用户昵称")) or None, like_count=r.get("点赞数"),
                   reply_text=_s(r.get("作者回复")) or None, reply_time=r.get("回复时间") or None,
                   extra={"article": _s(r.get("文章标题")), "elected": _s(r.get("是否精选"))}, raw={k: _s(v) for k, v in r.items()})


def hotline_xlsx_items(rows: list[Row], path: Path, make: Callable[..., MessageItem]) -> Iterator[MessageItem]:
    """12345 派单表: the order's own number, deadline (办理时限) and urgency (紧急程度) are kept."""
    _require(rows, ("工单编号", "诉求内容", "受理时间"), path)
    for r in rows:
        urgency = _s(r.get("紧急程度"))
        yield make(external_id=_s(r["工单编号"]), title=_s(r.get("诉求标题")) or None, text_raw=_s(r["诉求内容"]),
                   created_at_raw=r.get("受理时间"), received_at=r.get("派单时间") or r.get("受理时间"),
                   own_due_at=r.get("办理时限") or None, urgent=urgency in ("特急", "紧急"), category=_s(r.get("诉求类型")) or None,
                   author_name=_s(r.get("诉求人")) or None, target_org=_s(r.get("承办单位")) or None, status_raw=_s(r.get("工单状态")),
                   extra={"urgency": urgency, "address": _s(r.get("诉求地址"))},
                   raw={k: _s(v) for k, v in r.items() if k != "联系电话"})


READERS = {"wechat_export": wechat_export_items, "hotline_xlsx": hotline_xlsx_items}


class _ImportSpider(SimpleNamespace):
    """What the pipelines need of a 'spider' when the messages come from a file."""

    def now(self) -> datetime:
        return self.fixed_now

    def next_cursor(self, reason: str) -> dict[str, Any]:
        return self.cursor

    def complete_streams(self, reason: str) -> dict[str, set[str]]:
        """An export file is not a listing of everything the account shows: it never withdraws stored messages."""
        return {}


def file_digest(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()


def import_file(spec: SourceSpec, path: Path, *, now: datetime, settings: dict[str, Any] | None = None) -> int:
    """Import one file into `spec`'s source through the crawl pipelines; returns the CrawlRun id."""
    reader = READERS.get(spec.kind)
    if reader is None:
        raise ImportFileError(f"来源 {spec.key} 的类型 {spec.kind} 不能导入文件 (kinds: {', '.join(READERS)})")
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"文件不存在: {path}")
    rows = read_rows(path)
    now = to_utc(now)
    cursor = dict(spec.cursor)
    cursor["files"] = sorted({*cursor.get("files", []), file_digest(path)})
    spider = _ImportSpider(source_key=spec.key, kind=spec.kind, config=spec.config, runlog=RunLog(spec.key), fixed_now=now,
                           cursor=cursor)
    crawler = SimpleNamespace(spider=spider, settings=Settings({"YUQING_ROUTER": "auto", **(settings or {})}),
                              signals=SimpleNamespace(connect=lambda *a, **k: None))
    spider.crawler = crawler
    normalise, dedupe, classify, store = (NormalisePipeline(crawler), DedupePipeline(crawler), ClassifyPipeline(crawler),
                                          StorePipeline(crawler))
    for stage in (dedupe, classify, store):
        stage.open_spider()

    def make(**fields: Any) -> MessageItem:
        item = MessageItem(source_key=spec.key, fetched_at=now, url=f"file://{path.name}")
        item.update({k: v for k, v in fields.items() if v is not None})
        return item

    spider.runlog.pages = 1
    kept: list[MessageItem] = []
    for n, item in enumerate(reader(rows, path, make), start=2):
        if not item.get("external_id"):
            spider.runlog.error("bad_row", f"{path.name} 第 {n} 行没有编号 (no id)")
            continue
        try:
            kept.append(dedupe.process_item(normalise.process_item(item)))
        except DropItem:
            continue
    classify.decide_now(kept)  # the whole file in one model call
    for item in kept:
        store.process_item(item)
    store.close_spider()
    store.finish(spider, "finished")
    spec.cursor = cursor
    return store.run_id


def import_folder(spec: SourceSpec, *, now: datetime, settings: dict[str, Any] | None = None) -> int | None:
    """Import each new file of the source's watched folder once (by content digest); returns the last CrawlRun id."""
    folder = Path(str(spec.option("watch")))
    if not folder.is_dir():
        return None
    done = set(spec.cursor.get("files", []))
    run_id = None
    for path in sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith((".", "~$"))):
        if file_digest(path) not in done:
            run_id = import_file(spec, path, now=now, settings=settings)
            done.add(file_digest(path))
    return run_id


def main(argv: list[str] | None = None) -> int:
    """`python -m crawlers.importers FILE --source KEY`: used by `yuqing import`."""
    import argparse
    import sys

    from crawlers.run import Outcome, _outcome, table
    from crawlers.sources import load_specs
    from tracker.errors import YuqingError

    parser = argparse.ArgumentParser(prog="python -m crawlers.importers")
    parser.add_argument("file")
    parser.add_argument("--source", required=True)
    parser.add_argument("--set", action="append", default=[], metavar="SETTING=VALUE")
    args = parser.parse_args(argv)
    overrides = dict(v.split("=", 1) for v in args.set)
    try:
        [spec] = load_specs([args.source])
        run_id = import_file(spec, Path(args.file), now=datetime.now().astimezone(), settings=overrides)
    except YuqingError as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return exc.exit_code
    outcome: Outcome = _outcome(spec.key, run_id)
    print(table([outcome]))
    return 0 if outcome.status == "ok" else 1


if __name__ == "__main__":
    raise SystemExit(main())
