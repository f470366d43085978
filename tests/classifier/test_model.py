"""The trained model: acceptance figures on the held-out split, baselines beaten, traditional twins, the card."""

from __future__ import annotations

import json

import pytest
import zhconv
from sklearn.metrics import f1_score

from classifier.baselines import keyword_predict, majority_predict
from classifier.evaluate import evaluate
from classifier.router import CARD_FILE, MODEL_FILE
from classifier.topics import TOPICS


def test_auto_routed_messages_are_at_least_95_percent_correct(trained) -> None:
    held_out = trained[1]["metrics"]["held_out"]
    assert held_out["precision_routed"] >= 0.95
    assert held_out["coverage"] >= 0.6  # the office triages well under half of the messages


def test_held_out_macro_f1_reaches_the_target(trained) -> None:
    assert trained[1]["metrics"]["held_out"]["macro_f1"] >= 0.90


def test_the_model_beats_the_baselines_widely(trained, corpus) -> None:
    model_f1 = trained[1]["metrics"]["held_out"]["macro_f1"]
    y = corpus.test_labels
    majority = f1_score(y, majority_predict(corpus.train_labels, corpus.test_texts), average="macro")
    keywords = f1_score(y, keyword_predict(corpus.test_texts), average="macro")
    assert model_f1 >= majority + 0.5
    assert model_f1 >= keywords + 0.15


def test_traditional_twins_score_like_simplified(router, corpus) -> None:
    simplified = [zhconv.convert(t, "zh-cn") for t in corpus.test_texts]
    traditional = [zhconv.convert(t, "zh-tw") for t in simplified]
    simple = router.classify_many(simplified)
    twins = router.classify_many(traditional)
    same = sum(a.topic == b.topic for a, b in zip(simple, twins)) / len(simple)
    assert same >= 0.97
    acc_simple = sum(p.topic == y for p, y in zip(simple, corpus.test_labels)) / len(simple)
    acc_twins = sum(p.topic == y for p, y in zip(twins, corpus.test_labels)) / len(twins)
    assert abs(acc_simple - acc_twins) <= 0.02


def test_card_and_files(trained, corpus) -> None:
    model_dir, card = trained
    assert (model_dir / MODEL_FILE).is_file()
    assert json.loads((model_dir / CARD_FILE).read_text(encoding="utf-8"))["version"] == card["version"]
    assert set(card["labels"]) == set(TOPICS)
    assert 0.0 < card["threshold"] <= 1.0
    assert {"scikit-learn", "jieba", "rjieba", "python"} <= set(card["libraries"])
    assert len(card["data_hash"]) == 64 and card["n_train"] == len(corpus.train_texts)
    assert card["train_seconds"] < 60


def test_evaluate_reports_what_the_cli_prints(trained, corpus) -> None:
    report = evaluate(trained[0], corpus.test_texts, corpus.test_labels)
    assert {"macro_f1", "accuracy", "coverage", "precision_routed", "threshold", "labels", "confusion"} <= set(report)
    assert report["macro_f1"] == trained[1]["metrics"]["held_out"]["macro_f1"]
    assert set(report["labels"]["社会救助"]) == {"precision", "recall", "f1", "support"}
    matrix = report["confusion"]["matrix"]
    assert sum(map(sum, matrix)) == len(corpus.test_texts)
