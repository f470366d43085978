"""A year the calendar does not know: provisional deadlines, then `yuqing calendar load` recomputes them with an Event."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.factories import events, local, open_case
from tests.tracker.test_ledger import case_and_clocks
from tracker.cli import main
from tracker.timeutil import to_local

HOLIDAYS_2027 = """
year = 2027
[[holidays]]
name = "元旦"
from = 2027-01-01
to = 2027-01-03
[[holidays]]
name = "春节"
from = 2027-02-05
to = 2027-02-11
[[workdays]]
name = "春节调休"
days = [2027-02-14]
"""


def test_a_letter_received_2026_12_20_is_provisional_then_recomputed_when_2027_is_loaded(db, tmp_path: Path, capsys):
    case_no = open_case("mailbox", received=local(2026, 12, 20, 10))
    _, dl = case_and_clocks(case_no)
    assert dl["finish"].provisional
    assert to_local(dl["finish"].due_at).date() == date(2027, 1, 1)
    path = tmp_path / "2027.toml"
    path.write_text(HOLIDAYS_2027, encoding="utf-8")
    assert main(["calendar", "load", str(path)]) == 0
    assert case_no in capsys.readouterr().out
    _, dl = case_and_clocks(case_no)
    assert not dl["finish"].provisional
    assert to_local(dl["finish"].due_at).date() == date(2027, 1, 4)  # 元旦 Jan 1 skipped
    assert [e.action for e in events(case_no)] == ["open", "recompute"]
    assert main(["calendar", "load", str(path)]) == 0  # loading again changes nothing
    assert [e.action for e in events(case_no)] == ["open", "recompute"]
    assert main(["calendar", "day", "2027-02-14"]) == 0
    assert "调休上班日" in capsys.readouterr().out


def test_case_explain_names_the_skipped_holidays_and_the_adjusted_saturday(db, capsys):
    case_no = open_case("mailbox", received=local(2025, 9, 30, 10))
    assert main(["case", "explain", case_no]) == 0
    out = capsys.readouterr().out
    assert "2025-10-21 23:59:59" in out
    assert "国庆节" in out and "中秋节" in out
    assert "10月11日（周六）为调休上班日" in out
    assert "收到当日不计" in out


def test_explain_of_a_provisional_deadline_says_so(db, capsys):
    case_no = open_case("mailbox", received=local(2026, 12, 20, 10))
    main(["case", "explain", case_no])
    assert "期限暂定" in capsys.readouterr().out


def test_unknown_case_is_a_message_and_nonzero_exit(sqlite_db, capsys):
    assert main(["case", "explain", "YQ-2099-000001"]) == 1
    err = capsys.readouterr().err
    assert "YQ-2099-000001" in err and "Traceback" not in err
