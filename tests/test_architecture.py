"""The house rules of ARCHITECTURE.md hold: imports point inward, and only tracker/ledger.py writes Case, Deadline and Event."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROOMS = ("models", "classifier", "tracker", "crawlers")
ALLOWED = {
    "models": set(),
    "classifier": set(),
    "tracker": {"models", "classifier"},
    "crawlers": {"models", "classifier", "tracker"},
    "scheduler": {"tracker", "classifier"},
}
NEVER_IMPORTED = {"scheduler", "tracker.web"}


def _py_files(room: str) -> list[Path]:
    if room == "scheduler":
        return [ROOT / "scheduler.py"] if (ROOT / "scheduler.py").exists() else []
    return [p for p in (ROOT / room).rglob("*.py") if "migrations" not in p.parts or room != "models"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_imports_point_inward():
    problems = []
    for room, allowed in ALLOWED.items():
        for path in _py_files(room):
            for name in _imports(path):
                top = name.split(".")[0]
                if top in ROOMS + ("scheduler",) and top != room and top not in allowed:
                    problems.append(f"{path.relative_to(ROOT)} imports {name}")
                if any(name == n or name.startswith(n + ".") for n in NEVER_IMPORTED):
                    problems.append(f"{path.relative_to(ROOT)} imports {name}, which nothing may import")
    assert problems == []


def test_only_the_ledger_writes_cases_deadlines_and_events():
    writer = re.compile(r"\b(Case|Deadline|Event|CaseSequence)\s*\(|insert\(\s*(Case|Deadline|Event)\b")
    offenders = []
    for room in ROOMS:
        for path in (ROOT / room).rglob("*.py"):
            rel = path.relative_to(ROOT).as_posix()
            if rel in ("tracker/ledger.py", "models/tables.py") or "migrations" in rel:
                continue
            for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if writer.search(line) and not line.lstrip().startswith(("#", "class ")):
                    offenders.append(f"{rel}:{lineno}: {line.strip()}")
    assert offenders == []


def test_every_module_has_a_docstring_and_stays_small():
    problems = []
    for room in ROOMS:
        for path in (ROOT / room).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            tree = ast.parse(text)
            if text.strip() and ast.get_docstring(tree) is None:
                problems.append(f"{path.relative_to(ROOT)}: no module docstring")
            if len(text.splitlines()) > 500:
                problems.append(f"{path.relative_to(ROOT)}: {len(text.splitlines())} lines")
    assert problems == []
