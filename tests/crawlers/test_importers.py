"""Export files: the 公众号 comment export and the 12345 派单表 import once each; bad content is logged, never stored half."""

from __future__ import annotations

import csv
from datetime import datetime

from sqlmodel import select

from crawlers.importers import import_file, import_folder
from crawlers.sandbox import write_hotline_xlsx, write_wechat_export
from crawlers.sources import load_specs
from models.tables import Case, CrawlRun, Deadline
from tests.crawlers.conftest import FAKE_ROUTER, NOW, stored
from tracker.db import session_scope
from tracker.setup import SourcesFile, SourceEntry, sync_sources

SETTINGS = {"YUQING_ROUTER": FAKE_ROUTER}


def _sources(tmp_path) -> None:
    with session_scope() as s:
        sync_sources(s, SourcesFile(sources={
            "wechat_export": SourceEntry(kind="wechat_export", name="公众号导出"),
            "hotline_xlsx": SourceEntry(kind="hotline_xlsx", name="12345 派单", watch=str(tmp_path / "inbox"))}))


def _run(run_id: int) -> CrawlRun:
    with session_scope() as s:
        run = s.get(CrawlRun, run_id)
        s.expunge(run)
        return run


def test_a_wechat_export_imports_once_in_csv_or_xlsx(sqlite_db, tmp_path):
    _sources(tmp_path)
    ids = write_wechat_export(tmp_path / "w.csv", now=NOW)
    write_wechat_export(tmp_path / "w.xlsx", fmt="xlsx", now=NOW)
    [spec] = load_specs(["wechat_export"])
    assert _run(import_file(spec, tmp_path / "w.csv", now=NOW, settings=SETTINGS)).new == len(ids)
    again = _run(import_file(spec, tmp_path / "w.xlsx", now=NOW, settings=SETTINGS))
    assert again.new == 0 and again.duplicates == len(ids)
    assert set(stored("wechat_export")) == set(ids)


def test_the_12345_folder_imports_each_new_file_once_with_the_orders_deadline(sqlite_db, tmp_path):
    _sources(tmp_path)
    (tmp_path / "inbox").mkdir()
    ids = write_hotline_xlsx(tmp_path / "inbox" / "paidan-1.xlsx", now=NOW)
    [spec] = load_specs(["hotline_xlsx"])
    assert import_folder(spec, now=NOW, settings=SETTINGS) is not None
    [spec] = load_specs(["hotline_xlsx"])
    assert import_folder(spec, now=NOW, settings=SETTINGS) is None  # nothing new
    assert set(stored("hotline_xlsx")) == set(ids)
    with session_scope() as s:
        assert s.exec(select(Deadline).where(Deadline.fixed_due_at.is_not(None))).all()  # type: ignore[union-attr]
        assert s.exec(select(Case).where(Case.urgency == "urgent")).all()


def test_odd_content_is_logged_not_stored_half(sqlite_db, tmp_path):
    _sources(tmp_path)
    path = tmp_path / "odd.csv"
    rows = [("留言ID", "文章标题", "用户昵称", "留言内容", "留言时间", "点赞数"),
            ("a1", "t", "小王", "<script>alert(1)</script>低保<b>何时</b>发放？", "2024-03-14 09:00:00", "1.2万"),
            ("a2", "t", "小李", "", "2024-03-14 09:00:00", "0"),
            ("a3", "t", "小张", "养老补贴" * 250_000, "2024-03-14 09:00:00", "0"),
            ("a4", "t", "小赵", "婚姻登记周六开门吗", "下周三", "3")]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    [spec] = load_specs(["wechat_export"])
    run = _run(import_file(spec, path, now=datetime(2024, 3, 14, 12, tzinfo=NOW.tzinfo), settings=SETTINGS))
    got = stored("wechat_export")
    assert set(got) == {"a1", "a3", "a4"}
    assert got["a1"].text == "低保何时发放？" and got["a1"].extra["like_count"] == 12000
    assert len(got["a3"].text) == 1_000_000
    assert got["a4"].created_at is None and got["a4"].created_at_raw == "下周三"
    kinds = {s["kind"] for s in run.error_samples}
    assert {"empty_message", "huge_message", "bad_time"} <= kinds
