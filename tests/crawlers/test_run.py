"""`python -m crawlers.run`: a progress line per list page while it runs, a summary table per source at the end."""

from __future__ import annotations

import re

from tests.crawlers.conftest import last_run, run_crawl


def test_a_crawl_prints_a_line_per_page_and_a_summary(sandbox):
    result = run_crawl("sandbox_rednet", "sandbox_wuhan_board", quiet=False)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    for key in ("sandbox_rednet", "sandbox_wuhan_board"):
        progress = [line for line in lines if line.startswith(f"[{key}] 第 ")]
        assert len(progress) == last_run(key).pages and re.match(rf"\[{key}\] 第 1 页 20 条 list http://127\.0\.0\.1:", progress[0])
        run = last_run(key)
        [row] = [line for line in lines if line.startswith(key + " ")]
        assert row.split()[1:6] == ["ok", str(run.pages), str(run.new), str(run.duplicates), str(run.updated)]
    head = lines.index(next(line for line in lines if line.startswith("来源 source")))
    assert all(not line.startswith("[") for line in lines[head:])  # the summary comes at the end
