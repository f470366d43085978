"""The product's own pipeline on a real public set (Teddy Cup 2020 problem C), beside a plain baseline and published scores.

Runs `yuqing train --data ... --out ...` and `yuqing evaluate --model ... --data ... --json` on the dataset's fixed
train/test split. The data stays where it is: the split is written to a temporary folder, never into the project,
and the shipped model is never trained on it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DIR = Path(os.environ.get("YUQING_TEDDYCUP_DIR", ROOT.parent / "shared" / "datasets" / "teddycup2020"))
PUBLISHED = {"TF-IDF + SVM (published)": 0.90, "fastText (published)": 0.93}
GOAL = 0.93
TEXT_ARGS = ("--title-col", "title", "--text-col", "text")


def read_split(data_dir: Path) -> dict[str, list[dict[str, str]]]:
    """Rows of messages.csv by the split of split.csv ('train' / 'test')."""
    for name in ("messages.csv", "split.csv"):
        if not (data_dir / name).is_file():
            raise SystemExit(f"{data_dir / name} not found (set YUQING_TEDDYCUP_DIR or --data-dir)")
    with (data_dir / "split.csv").open(encoding="utf-8", newline="") as fh:
        side = {row["id"]: row["split"] for row in csv.DictReader(fh)}
    parts: dict[str, list[dict[str, str]]] = {"train": [], "test": []}
    with (data_dir / "messages.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if side.get(row["id"]) in parts:
                parts[side[row["id"]]].append(row)
    return parts


def write_rows(rows: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["id", "title", "text", "label"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def yuqing(*args: str, home: Path) -> str:
    """Run the `yuqing` CLI (this checkout) and return its standard output; settings point at a scratch folder.

    Its standard error (training progress, error messages) goes straight to ours, so a long run shows where it is."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "YUQING_DATA_DIR": str(home)}
    env.pop("YUQING_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from tracker.cli import main; sys.exit(main())", *args],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"yuqing {' '.join(args)} failed ({done.returncode}); its messages are above")
    return done.stdout


def baseline(train: list[dict[str, str]], test: list[dict[str, str]]) -> float:
    """Plain word (jieba) + character TF-IDF with LinearSVC on title + text: macro-F1 on the test split."""
    import jieba
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import f1_score
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.svm import LinearSVC

    jieba.setLogLevel(60)

    def text(row: dict[str, str]) -> str:
        return f"{row['title']}。{row['text']}"

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(tokenizer=jieba.lcut, token_pattern=None, sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, min_df=2)),
        ]
    )
    model = make_pipeline(features, LinearSVC(C=1.0)).fit([text(r) for r in train], [r["label"] for r in train])
    return float(f1_score([r["label"] for r in test], model.predict([text(r) for r in test]), average="macro"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DIR, help=f"dataset folder (default: {DEFAULT_DIR})")
    parser.add_argument("--no-baseline", action="store_true", help="skip the plain baseline")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = parser.parse_args(argv)
    parts = read_split(args.data_dir)
    with tempfile.TemporaryDirectory(prefix="yuqing-teddycup-") as tmp:
        tmp_path = Path(tmp)
        train_csv = write_rows(parts["train"], tmp_path / "train.csv")
        test_csv = write_rows(parts["test"], tmp_path / "test.csv")
        model_dir = tmp_path / "model"
        started = time.perf_counter()
        yuqing("train", "--data", str(train_csv), *TEXT_ARGS, "--out", str(model_dir), home=tmp_path)
        train_seconds = time.perf_counter() - started
        report = json.loads(
            yuqing("evaluate", "--model", str(model_dir), "--data", str(test_csv), *TEXT_ARGS, "--json", home=tmp_path)
        )
    figures = {
        "train": len(parts["train"]),
        "test": len(parts["test"]),
        "train_seconds": round(train_seconds, 1),
        "macro_f1": report["macro_f1"],
        "accuracy": report["accuracy"],
        "coverage": report["coverage"],
        "precision_routed": report["precision_routed"],
        "threshold": report["threshold"],
        "baseline_macro_f1": None if args.no_baseline else baseline(parts["train"], parts["test"]),
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
        return 0
    print(f"Teddy Cup 2020 C, 7 labels: train {figures['train']}, test {figures['test']} (fixed split)")
    print(f"  yuqing pipeline (train {figures['train_seconds']:.0f}s)   macro-F1 {figures['macro_f1']:.3f}  accuracy {figures['accuracy']:.3f}")
    print(f"      at its threshold {figures['threshold']:.3f}: coverage {figures['coverage']:.1%}, precision routed {figures['precision_routed']:.3f}")
    if figures["baseline_macro_f1"] is not None:
        print(f"  plain word+char TF-IDF + LinearSVC  macro-F1 {figures['baseline_macro_f1']:.3f}")
    for name, value in PUBLISHED.items():
        print(f"  {name:<34} macro-F1 ~{value:.2f}")
    print(f"  goal macro-F1 >= {GOAL}: {'met' if figures['macro_f1'] >= GOAL else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
