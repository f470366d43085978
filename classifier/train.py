"""Trains the Pipeline, picks the routing threshold on cross-validated predictions, writes model.joblib + card.json."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import platform
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version as package_version
from pathlib import Path
from typing import Any

import joblib
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from classifier.errors import DataError
from classifier.evaluate import evaluate_router
from classifier.metrics import DEFAULT_TARGET_PRECISION, choose_threshold, score
from classifier.pipeline import DEFAULT_PARAMS, build_pipeline
from classifier.router import CARD_FILE, MODEL_FILE, Router
from classifier.topics import ordered

VALIDATION_FOLDS = 5
# the threshold is chosen so that the precision's lower confidence bound on validation data (two standard errors,
# about 97.7% one-sided) meets the target, so that new data still meets it
VALIDATION_Z = 2.0
# how much the word features weigh beside the character n-grams: chosen per training set by cross-validated macro-F1
# (short civil-affairs messages favour characters, long letters favour words)
WORD_WEIGHTS = (0.3, 0.5, 1.0)
LIBRARIES = ("scikit-learn", "numpy", "scipy", "joblib", "jieba", "rjieba", "zhconv")
log = logging.getLogger("yuqing.classifier.train")


def data_hash(texts: Sequence[str], labels: Sequence[str]) -> str:
    """sha256 of the training data (order-independent)."""
    digest = hashlib.sha256()
    for line in sorted(f"{label}\t{text}" for text, label in zip(texts, labels)):
        digest.update(line.encode("utf-8") + b"\n")
    return digest.hexdigest()


def library_versions() -> dict[str, str]:
    """Versions of Python and of every library the model file depends on."""
    found = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            found[name] = package_version(name)
        except PackageNotFoundError:
            found[name] = "missing"
    return found


def write_card(model_dir: Path, card: dict[str, Any]) -> None:
    """Write card.json of a model folder."""
    (model_dir / CARD_FILE).write_text(json.dumps(card, ensure_ascii=False, indent=2), encoding="utf-8")


def _min_per_label(calibration_folds: int) -> int:
    """Fewest messages a label needs so that every validation fold's training part can still be calibrated."""
    n = max(VALIDATION_FOLDS, calibration_folds)
    while n - math.ceil(n / VALIDATION_FOLDS) < calibration_folds:
        n += 1
    return n


def _check(texts: Sequence[str], labels: Sequence[str], min_per_label: int) -> None:
    if len(texts) != len(labels):
        raise DataError(f"文本与标签数量不一致 ({len(texts)} texts, {len(labels)} labels)")
    counts = Counter(labels)
    if len(counts) < 2:
        raise DataError("至少需要两个类别的标注数据 (need at least two labels)")
    few = sorted(label for label, n in counts.items() if n < min_per_label)
    if few:
        raise DataError(f"以下类别样本少于 {min_per_label} 条: {', '.join(few)}")


def _cross_validate(params: dict[str, Any], texts: list[str], labels: list[str]) -> tuple[list[str], list[float], float]:
    """Cross-validated (predictions, confidences, macro-F1) of the pipeline with `params` on the training data."""
    folds = StratifiedKFold(VALIDATION_FOLDS, shuffle=True, random_state=0)
    proba = cross_val_predict(build_pipeline(**params), texts, labels, cv=folds, method="predict_proba", n_jobs=1)
    classes = sorted(set(labels))
    pred = [classes[i] for i in proba.argmax(axis=1)]
    return pred, proba.max(axis=1).tolist(), float(f1_score(labels, pred, average="macro"))


def train_model(
    texts: Sequence[str],
    labels: Sequence[str],
    out_dir: Path,
    *,
    extra_texts: Sequence[str] = (),
    extra_labels: Sequence[str] = (),
    held_out: tuple[Sequence[str], Sequence[str]] | None = None,
    target_precision: float = DEFAULT_TARGET_PRECISION,
    source: str = "bundled corpus",
    params: dict[str, Any] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Train on texts (+ extra_texts, e.g. staff corrections), write the model to out_dir, return its card.

    The threshold comes from cross-validated predictions on the training data; `held_out` (never trained on) is
    scored with that threshold and becomes the card's `macro_f1`. `progress` receives a line per step (default: the log).
    """
    started = time.perf_counter()
    say = progress or log.info
    all_texts, all_labels = [*texts, *extra_texts], [*labels, *extra_labels]
    chosen = params or {}
    params = {**DEFAULT_PARAMS, **chosen}
    _check(all_texts, all_labels, _min_per_label(params["calibration_folds"]))
    weights = [params["word_weight"]] if "word_weight" in chosen else list(WORD_WEIGHTS)
    say(f"训练 training on {len(all_texts)} messages, {len(set(all_labels))} labels")
    tried = {}
    for n, w in enumerate(weights, start=1):
        say(f"  交叉验证 cross-validation {n}/{len(weights)} (word_weight {w}) ...")
        tried[w] = _cross_validate({**params, "word_weight": w}, all_texts, all_labels)
        say(f"    macro-F1 {tried[w][2]:.3f}  ({time.perf_counter() - started:.0f}s)")
    params["word_weight"] = max(tried, key=lambda w: (tried[w][2], -abs(w - DEFAULT_PARAMS["word_weight"])))
    cv_pred, cv_conf, _ = tried[params["word_weight"]]
    classes = sorted(set(all_labels))
    threshold = choose_threshold(all_labels, cv_pred, cv_conf, target_precision, z=VALIDATION_Z)
    say(f"  最终模型 final model (word_weight {params['word_weight']}, threshold {threshold:.3f}) ...")
    model = build_pipeline(**params).fit(all_texts, all_labels)
    digest = data_hash(all_texts, all_labels)
    now = datetime.now(timezone.utc)
    card: dict[str, Any] = {
        "version": f"{now:%Y%m%d-%H%M%S}-{digest[:8]}",
        "created_at": now.isoformat(timespec="seconds"),
        "source": source,
        "data_hash": digest,
        "n_train": len(texts),
        "n_extra": len(extra_texts),
        "labels": [str(c) for c in model.classes_],
        "label_counts": dict(sorted(Counter(all_labels).items())),
        "threshold": threshold,
        "target_precision": target_precision,
        "threshold_z": VALIDATION_Z,
        "params": {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()},
        "word_weight_cv": {str(w): round(f1, 4) for w, (_, _, f1) in tried.items()},
        "libraries": library_versions(),
        "metrics": {"validation": score(all_labels, cv_pred, cv_conf, threshold, labels=ordered(classes))},
    }
    if held_out is not None:
        say(f"  留出集评估 scoring the held-out set ({len(held_out[0])} messages) ...")
        card["metrics"]["held_out"] = evaluate_router(Router(model, card), list(held_out[0]), list(held_out[1]))
    card["macro_f1"] = card["metrics"].get("held_out", card["metrics"]["validation"])["macro_f1"]
    card["train_seconds"] = round(time.perf_counter() - started, 2)
    out_dir.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, out_dir / MODEL_FILE, compress=3)
    write_card(out_dir, card)
    log.info("trained %s in %.1fs: macro-F1 %.3f", card["version"], card["train_seconds"], card["macro_f1"])
    return card
