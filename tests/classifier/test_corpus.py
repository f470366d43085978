"""The bundled corpus: every topic, enough messages, a fixed held-out split that training never sees."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from classifier.corpus import SPLIT_FILE, load_corpus, read_labelled_csv, read_rows, read_split, row_key, rule_split
from classifier.errors import DataError
from classifier.normalise import normalise, with_title
from classifier.topics import TOPIC_FILES, TOPICS


def test_every_topic_has_enough_messages() -> None:
    counts = Counter(label for _, label, _ in read_rows())
    assert {t: counts[t] for t in TOPICS if counts[t] < 150} == {}


def test_held_out_split_is_disjoint_and_about_a_fifth(corpus) -> None:
    train = {normalise(t) for t in corpus.train_texts}
    test = {normalise(t) for t in corpus.test_texts}
    assert train.isdisjoint(test)
    share = len(corpus.test_texts) / (len(corpus.test_texts) + len(corpus.train_texts))
    assert 0.15 <= share <= 0.25
    assert set(corpus.test_labels) == set(TOPICS)


def test_split_file_is_frozen_and_followed(corpus) -> None:
    frozen = read_split()
    assert SPLIT_FILE.exists() and frozen
    for text in corpus.test_texts:
        assert frozen.get(row_key(text), "test") == "test"
    for text in corpus.train_texts:
        assert frozen.get(row_key(text), "train") == "train"


def test_traditional_twins_fall_on_the_same_side() -> None:
    assert rule_split("我們村的低保戶領取臨時救助") == rule_split("我们村的低保户领取临时救助")


def test_corpus_files_are_named_by_topic() -> None:
    for text, label, also in read_rows():
        assert label in TOPIC_FILES and (not also or also in TOPIC_FILES)


def test_read_labelled_csv(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["title", "body", "cls"], ["标题", "正文", "甲"], ["", "只有正文", "乙"], ["空标签", "x", ""]])
    assert read_labelled_csv(path, "title,body", "cls") == (["标题。正文", "只有正文"], ["甲", "乙"])
    # a title column is marked as the title (with_title); naming a column the file lacks is refused with the columns it has
    assert read_labelled_csv(path, "body", "cls", title_col="title")[0] == [with_title("标题", "正文"), "只有正文"]
    with pytest.raises(DataError, match="subject"):
        read_labelled_csv(path, "body", "cls", title_col="subject")
    with pytest.raises(DataError):
        read_labelled_csv(path, "text", "cls")
    with pytest.raises(DataError):
        read_labelled_csv(tmp_path / "missing.csv")


def test_empty_corpus_is_a_domain_error(tmp_path: Path) -> None:
    with pytest.raises(DataError):
        load_corpus(messages_dir=tmp_path)
