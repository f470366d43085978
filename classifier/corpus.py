"""The bundled labelled corpus with its fixed held-out split, and a reader for any labelled CSV."""

from __future__ import annotations

import csv
import hashlib
import logging
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from classifier.errors import DataError
from classifier.normalise import normalise, with_title
from classifier.topics import TOPIC_FILES, ordered

DATA_DIR = Path(__file__).resolve().parent / "data"
MESSAGES_DIR = DATA_DIR / "messages"
SPLIT_FILE = DATA_DIR / "split.csv"
TEST_PERCENT = 20
log = logging.getLogger("yuqing.classifier.corpus")


@dataclass(frozen=True)
class Corpus:
    """Training and held-out messages; `also` holds each message's secondary topic ('' when none)."""

    train_texts: list[str]
    train_labels: list[str]
    test_texts: list[str]
    test_labels: list[str]
    test_also: list[str] = field(default_factory=list)
    data_hash: str = ""

    def counts(self) -> dict[str, dict[str, int]]:
        """Messages per topic in each part."""
        train, test = Counter(self.train_labels), Counter(self.test_labels)
        return {t: {"train": train[t], "test": test[t]} for t in ordered([*train, *test])}


def row_key(text: str) -> str:
    """The key of a corpus row in split.csv: sha1 of its raw text."""
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()


def rule_split(text: str) -> str:
    """The split rule: by the hash of the normalised text, so traditional twins and duplicates fall on the same side."""
    digest = hashlib.sha1(normalise(text).encode("utf-8")).digest()
    return "test" if int.from_bytes(digest[:4], "big") % 100 < TEST_PERCENT else "train"


def read_rows(messages_dir: Path = MESSAGES_DIR) -> list[tuple[str, str, str]]:
    """(text, label, also) rows of every topic file; rows with an unknown label or no text are skipped (and logged)."""
    rows: list[tuple[str, str, str]] = []
    for path in sorted(messages_dir.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                text, label = (row.get("text") or "").strip(), (row.get("label") or "").strip()
                if not text or label not in TOPIC_FILES:
                    log.warning("%s: skipped row %r / %r", path.name, text[:30], label)
                    continue
                rows.append((text, label, (row.get("also") or "").strip()))
    return rows


def read_split(path: Path = SPLIT_FILE) -> dict[str, str]:
    """The frozen split: row key -> 'train' | 'test'."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["key"]: row["split"] for row in csv.DictReader(fh)}


def write_split(path: Path = SPLIT_FILE, messages_dir: Path = MESSAGES_DIR) -> dict[str, int]:
    """Freeze the split of the current corpus (keeps every assignment already in the file); returns counts."""
    frozen = read_split(path)
    for text, _label, _also in read_rows(messages_dir):
        frozen.setdefault(row_key(text), rule_split(text))
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["key", "split"])
        writer.writerows(sorted(frozen.items()))
    return dict(Counter(frozen.values()))


def load_corpus(messages_dir: Path = MESSAGES_DIR, split_file: Path = SPLIT_FILE) -> Corpus:
    """The bundled corpus split into training and held-out parts (split.csv first, the split rule for newer rows)."""
    rows = read_rows(messages_dir)
    if not rows:
        raise DataError(f"语料为空 (no labelled messages under {messages_dir})")
    frozen = read_split(split_file)
    parts: dict[str, tuple[list[str], list[str], list[str]]] = {"train": ([], [], []), "test": ([], [], [])}
    digest = hashlib.sha256()
    for text, label, also in rows:
        side = frozen.get(row_key(text)) or rule_split(text)
        for column, value in zip(parts[side], (text, label, also)):
            column.append(value)
        digest.update(f"{side}\t{label}\t{text}\n".encode("utf-8"))
    (train_texts, train_labels, _), (test_texts, test_labels, test_also) = parts["train"], parts["test"]
    return Corpus(train_texts, train_labels, test_texts, test_labels, test_also, digest.hexdigest())


def _csv_rows(path: Path, columns: list[str]) -> Iterator[dict[str, str]]:
    """Rows of a CSV file that must have `columns` (BOM tolerated)."""
    if not path.is_file():
        raise DataError(f"找不到数据文件 {path}")
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise DataError(f"{path}: 缺少列 {', '.join(missing)} (columns: {', '.join(reader.fieldnames or [])})")
        yield from reader


def _text_columns(text_col: str) -> list[str]:
    return [c.strip() for c in text_col.split(",") if c.strip()]


def _joined(row: dict[str, str], columns: list[str], title_col: str | None) -> str:
    text = "。".join(row[c].strip() for c in columns if row[c] and row[c].strip())
    return with_title(row[title_col], text) if title_col else text


def _required(columns: list[str], title_col: str | None) -> list[str]:
    return [*columns, *([title_col] if title_col else [])]


def read_texts(path: Path, text_col: str = "text", title_col: str | None = None) -> list[str]:
    """The text of every row of a CSV; `text_col` may name several columns joined by commas (e.g. 'title,text');
    `title_col` names a title column, read as the message's title (`normalise.with_title`)."""
    columns = _text_columns(text_col)
    return [_joined(row, columns, title_col) for row in _csv_rows(path, _required(columns, title_col))]


def read_labelled_csv(
    path: Path, text_col: str = "text", label_col: str = "label", title_col: str | None = None
) -> tuple[list[str], list[str]]:
    """Texts and labels of any labelled CSV (rows without text or label skipped); columns as in read_texts()."""
    columns = _text_columns(text_col)
    texts: list[str] = []
    labels: list[str] = []
    for row in _csv_rows(path, [*_required(columns, title_col), label_col]):
        text, label = _joined(row, columns, title_col), (row[label_col] or "").strip()
        if text and label:
            texts.append(text)
            labels.append(label)
    if len(set(labels)) < 2:
        raise DataError(f"{path}: 至少需要两个类别的标注数据 (need at least two labels, got {len(set(labels))})")
    return texts, labels
