"""Lifecycle, loopback binding, manifest/robots routes, determinism, the CLI, and the export files."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from crawlers.sandbox import SandboxServer, write_hotline_xlsx, write_wechat_export

from .conftest import NOW, Client

ROOT = Path(__file__).resolve().parents[3]


def test_binds_loopback_and_serves_manifest_and_robots(sandbox: SandboxServer, client: Client) -> None:
    assert sandbox.url.startswith("http://127.0.0.1:") and sandbox.port > 0
    assert client.get("/__manifest.json").json() == sandbox.manifest()
    robots = client.get("/robots.txt").text
    assert "Disallow: /__" in robots
    assert client.get("/nope").status == 404


def test_same_seed_same_content_different_seed_differs() -> None:
    a, b, c = (SandboxServer(seed=s, now=NOW).manifest() for s in (4, 4, 5))
    assert a == b and a != c


def test_stop_releases_port_and_context_manager() -> None:
    server = SandboxServer(now=NOW).start()
    port = server.port
    server.stop()
    with SandboxServer(port=port, now=NOW) as again:
        assert again.port == port


def test_cli_prints_one_line_and_exits_cleanly_on_sigterm() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "crawlers.sandbox", "--port", "0", "--seed", "3", "--grow", "0.05"],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline().strip() if proc.stdout else ""
        assert line.startswith("SANDBOX http://127.0.0.1:")
        assert Client(line.split()[1]).get("/robots.txt").status == 200
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0


def test_wechat_export_csv_and_xlsx(tmp_path: Path) -> None:
    ids = write_wechat_export(tmp_path / "c.csv", "csv", seed=7, now=NOW)
    with (tmp_path / "c.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["留言ID"] for r in rows] == ids and {"留言内容", "留言时间", "用户昵称", "文章标题"} <= set(rows[0])
    assert write_wechat_export(tmp_path / "c.xlsx", "xlsx", seed=7, now=NOW) == ids
    top_level = {i for i in SandboxServer(seed=7, now=NOW).manifest()["wechat_mp"] if "_" not in i}
    assert set(ids) == top_level


def test_hotline_xlsx(tmp_path: Path) -> None:
    ids = write_hotline_xlsx(tmp_path / "p.xlsx", seed=2, count=12, now=NOW)
    ws = load_workbook(tmp_path / "p.xlsx")["派单"]
    header = [c.value for c in ws[1]]
    assert {"工单编号", "受理时间", "诉求类型", "紧急程度", "诉求内容", "办理时限", "承办单位"} <= set(header)
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == ids and len(ids) == 12
    assert ids == write_hotline_xlsx(tmp_path / "q.xlsx", seed=2, count=12, now=NOW)
