"""At the CLI edge a user sees one line and a non-zero exit for every domain error, never a traceback."""

from __future__ import annotations

import pytest

from tracker.cli import main


@pytest.mark.parametrize(
    "args, expected",
    [
        (["evaluate", "--model", "/nonexistent/model"], "/nonexistent/model"),
        (["case", "show", "YQ-2030-000001"], "YQ-2030-000001"),
        (["calendar", "load", "/nonexistent/2027.toml"], "2027.toml"),
        (["calendar", "day", "30/11/2026"], "YYYY-MM-DD"),
    ],
)
def test_domain_errors_are_one_line_and_exit_nonzero(sqlite_db, capsys, args, expected):
    assert main(args) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err
    assert err.startswith("错误:")


def test_unexpected_errors_are_logged_not_shown(sqlite_db, capsys, monkeypatch):
    from tracker import cli_ledger

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cli_ledger.queries, "cases", boom)
    assert main(["case", "list"]) == 2
    err = capsys.readouterr().err
    assert "disk on fire" in err and "Traceback" not in err and "yuqing.log" in err
