"""`yuqing train | evaluate | classify | model list | model activate`, end to end on small data."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from tests.factories import act, open_case, routed
from tracker import ledger, model_registry
from tracker.cli import main

ROWS = [
    *((f"低保金这个月少了{i}十块，社会救助怎么没人管", "社会救助") for i in range(10)),
    *((f"结婚登记第{i}次预约不上，婚姻登记处电话打不通", "婚姻登记") for i in range(10)),
    *((f"殡仪馆收费第{i}项太贵，公墓也不便宜", "殡葬管理") for i in range(10)),
]


@pytest.fixture
def small_csv(tmp_path: Path) -> Path:
    path = tmp_path / "small.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["msg", "cls"])
        writer.writerows(ROWS)
    return path


@pytest.fixture
def small_corpus(monkeypatch: pytest.MonkeyPatch) -> list[list[tuple[str, str]]]:
    """The bundled corpus replaced by ROWS (trained on, and scored on): `yuqing train` runs in a second."""
    seen: list[list[tuple[str, str]]] = []

    def training(corrections: Any = ()) -> dict[str, Any]:
        seen.append(list(corrections))
        texts, labels = [t for t, _ in ROWS], [c for _, c in ROWS]
        return {
            "texts": texts, "labels": labels,
            "extra_texts": [t for t, _ in corrections], "extra_labels": [c for _, c in corrections],
            "held_out": (texts, labels), "source": "test",
        }

    monkeypatch.setattr(model_registry, "corpus_training", training)
    return seen


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_train_out_evaluate_and_classify(sqlite_db, small_csv: Path, tmp_path: Path, capsys) -> None:
    model = tmp_path / "m"
    run(capsys, "train", "--data", str(small_csv), "--text-col", "msg", "--label-col", "cls", "--out", str(model))
    assert (model / "model.joblib").is_file() and (model / "card.json").is_file()
    assert "没有模型" in run(capsys, "model", "list")  # --out does not register

    plot = tmp_path / "confusion.png"
    out = run(capsys, "evaluate", "--model", str(model), "--data", str(small_csv), "--text-col", "msg", "--label-col", "cls",
              "--json", "--plot", str(plot))
    report = json.loads(out)
    assert {"macro_f1", "accuracy", "coverage", "precision_routed", "threshold", "labels", "confusion"} <= set(report)
    assert report["macro_f1"] > 0.9 and plot.stat().st_size > 0
    assert "macro-F1" in run(capsys, "evaluate", "--model", str(model), "--data", str(small_csv), "--text-col", "msg", "--label-col", "cls")

    line = json.loads(run(capsys, "classify", "--model", str(model), "低保金少了，没人管"))
    assert {"topic", "section", "confidence", "routed_to", "urgency"} <= set(line)
    assert line["topic"] == "社会救助" and line["section"] == "social_assistance"
    assert line["routed_to"] in ("社会救助股", "待分拣")

    lines = run(capsys, "classify", "--model", str(model), "--csv", str(small_csv), "--text-col", "msg").splitlines()
    assert len(lines) == len(ROWS)
    empty = json.loads(run(capsys, "classify", "--model", str(model), ""))
    assert empty["routed_to"] == "待分拣"


def test_train_registers_and_model_activate_rolls_back(sqlite_db, small_corpus, capsys) -> None:
    assert "已启用" in run(capsys, "train")
    assert "已启用" in run(capsys, "train")  # the same score is not lower
    listing = run(capsys, "model", "list").splitlines()
    assert len(listing) == 2 and listing[0].startswith("*")
    older = listing[1].split()[0]
    run(capsys, "model", "activate", older)
    assert run(capsys, "model", "list").splitlines()[1].startswith("*")
    assert json.loads(run(capsys, "classify", "结婚登记预约不上"))["topic"] == "婚姻登记"  # the active model


def test_train_with_corrections_adds_staff_reassignments(sqlite_db, small_corpus, capsys) -> None:
    case_no = open_case(text="殡仪馆收费太贵了", decision=routed("社会救助"))
    act(ledger.reassign, case_no, topic="殡葬管理", reason="属殡葬管理")
    out = run(capsys, "train", "--with-corrections")
    assert "corrections: 1" in out
    assert small_corpus[-1] == [("殡仪馆收费太贵了", "殡葬管理")]


def test_bad_usage_exits_non_zero(sqlite_db, tmp_path: Path, capsys) -> None:
    assert main(["classify"]) != 0
    assert main(["evaluate", "--model", str(tmp_path / "missing")]) != 0
    assert main(["train", "--data", str(tmp_path / "missing.csv"), "--out", str(tmp_path / "m")]) != 0
    capsys.readouterr()


def test_classify_reads_a_title_column_when_named(sqlite_db, small_csv: Path, tmp_path: Path, capsys) -> None:
    model = tmp_path / "m"
    run(capsys, "train", "--data", str(small_csv), "--text-col", "msg", "--label-col", "cls", "--out", str(model))
    letters = tmp_path / "letters.csv"
    with letters.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["subject", "body"], ["殡仪馆收费太贵，公墓也不便宜", "请领导过问一下。"]])
    line = json.loads(run(capsys, "classify", "--model", str(model), "--csv", str(letters), "--text-col", "body",
                          "--title-col", "subject"))
    assert line["topic"] == "殡葬管理"
    assert main(["classify", "--model", str(model), "--csv", str(letters), "--text-col", "body", "--title-col", "title"]) != 0
    assert "title" in capsys.readouterr().err


def test_classify_reads_the_title_given_with_a_single_text(sqlite_db, small_csv: Path, tmp_path: Path, capsys) -> None:
    model = tmp_path / "m"
    run(capsys, "train", "--data", str(small_csv), "--text-col", "msg", "--label-col", "cls", "--out", str(model))
    line = json.loads(run(capsys, "classify", "--model", str(model), "--title", "殡仪馆收费太贵，公墓也不便宜", "请领导过问一下。"))
    assert line["topic"] == "殡葬管理"
    # a title without a text to go with it is refused, not ignored
    assert main(["classify", "--model", str(model), "--title", "殡仪馆收费"]) != 0
    assert "--title" in capsys.readouterr().err


def test_training_shows_its_progress_on_stderr_and_its_result_on_stdout(sqlite_db, small_csv: Path, tmp_path: Path, capsys) -> None:
    code = main(["train", "--data", str(small_csv), "--text-col", "msg", "--label-col", "cls", "--out", str(tmp_path / "m")])
    out, err = capsys.readouterr()
    assert code == 0
    assert "交叉验证 cross-validation 1/3" in err and "3/3" in err and "最终模型 final model" in err
    assert "交叉验证" not in out and out.startswith("模型 model ")
