"""Scores of predictions with confidences: per-label P/R/F1, macro-F1, confusion matrix, coverage at a threshold."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_recall_fscore_support

DEFAULT_TARGET_PRECISION = 0.95


def precision_lower_bound(correct: np.ndarray, routed: np.ndarray, z: float) -> np.ndarray:
    """Wilson lower confidence bound of precision `correct / routed` (element-wise): what new data can still expect."""
    n = routed.astype(float)
    p = correct / n
    centre = p + z * z / (2 * n)
    spread = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n)


def choose_threshold(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    confidence: Sequence[float],
    target: float = DEFAULT_TARGET_PRECISION,
    z: float = 0.0,
) -> float:
    """The lowest confidence threshold whose auto-routed messages are at least `target` correct (most coverage).

    With `z > 0` the Wilson lower bound of the precision (z standard errors) must reach the target, not the precision
    itself: a threshold chosen on a few hundred validation messages then still holds on new ones, and the margin
    shrinks as the validation set grows.
    """
    conf = np.asarray(confidence, dtype=float)
    correct = np.asarray([t == p for t, p in zip(y_true, y_pred)], dtype=float)
    order = np.argsort(-conf, kind="stable")
    conf, correct = conf[order], correct[order]
    routed = np.arange(1, len(correct) + 1)
    precision = precision_lower_bound(np.cumsum(correct), routed, z) if z > 0 else np.cumsum(correct) / routed
    # a cut may only fall between different confidences (ties are routed together)
    last_of_tie = np.append(conf[1:] != conf[:-1], True)
    ok = np.flatnonzero((precision >= target) & last_of_tie)
    if ok.size == 0:
        return 1.0 + 1e-9  # nothing is routed automatically
    return float(conf[ok[-1]])


def score(
    y_true: Sequence[str],
    y_pred: Sequence[str],
    confidence: Sequence[float],
    threshold: float,
    routed: Sequence[bool] | None = None,
    labels: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The evaluation report; `routed` defaults to confidence >= threshold."""
    y_true, y_pred = list(y_true), ["" if p is None else p for p in y_pred]
    if routed is None:
        routed = [c >= threshold for c in confidence]
    routed_arr = np.asarray(routed, dtype=bool)
    order = list(labels) if labels is not None else []
    order += sorted(set(y_true) - set(order))
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=order, zero_division=0)
    correct = np.asarray([t == q for t, q in zip(y_true, y_pred)], dtype=bool)
    present = [lab for lab in order if lab in set(y_true)]
    return {
        "n": len(y_true),
        "macro_f1": float(f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0)),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        "threshold": float(threshold),
        "coverage": float(routed_arr.mean()) if len(routed_arr) else 0.0,
        "precision_routed": float(correct[routed_arr].mean()) if routed_arr.any() else 0.0,
        "n_routed": int(routed_arr.sum()),
        "labels": {
            lab: {"precision": float(p[i]), "recall": float(r[i]), "f1": float(f[i]), "support": int(s[i])}
            for i, lab in enumerate(order)
        },
        "confusion": {"labels": order, "matrix": confusion_matrix(y_true, y_pred, labels=order).tolist()},
    }
