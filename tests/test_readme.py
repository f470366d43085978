"""The README's CLI examples run as written and succeed."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from tests.factories import local, open_case
from tracker.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_examples() -> list[list[str]]:
    blocks = re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    return [shlex.split(line[2:])[1:] for block in blocks for line in block.splitlines() if line.startswith("$ yuqing")]


def test_the_readme_cli_examples_run(sqlite_db, capsys):
    assert open_case("mailbox", received=local(2025, 9, 30, 10)) == "YQ-2025-000001"
    examples = readme_examples()
    assert len(examples) >= 5
    for args in examples:
        assert main(args) == 0, f"yuqing {' '.join(args)} failed: {capsys.readouterr().err}"
