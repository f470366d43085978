"""Scores a saved model (or a Router) on labelled messages, and draws the confusion matrix."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from classifier.errors import ClassifierError, DataError
from classifier.metrics import score
from classifier.router import Router
from classifier.topics import TOPIC_FILES, ordered


def evaluate_router(router: Router, texts: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """The report of `router` on these messages: every message gets the router's best guess; routed = auto_route."""
    if not texts or len(texts) != len(labels):
        raise DataError(f"评估数据为空或文本与标签数量不一致 ({len(texts)} texts, {len(labels)} labels)")
    predictions = router.classify_many(list(texts))
    report = score(
        labels,
        [p.topic for p in predictions],
        [p.confidence for p in predictions],
        router.threshold,
        routed=[p.auto_route for p in predictions],
        labels=ordered(router.labels),
    )
    report["model_version"] = router.version
    return report


def evaluate(model_dir: Path, texts: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """evaluate_router() for the model saved in model_dir."""
    return evaluate_router(Router.load(model_dir), texts, labels)


def plot_confusion(report: dict[str, Any], path: Path) -> Path:
    """Draw the report's confusion matrix to a PNG file (row = true topic, column = predicted)."""
    try:
        import matplotlib
    except ImportError as exc:
        raise ClassifierError("画图需要 matplotlib (pip install matplotlib, or the project's [dev] extra)") from exc

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    cjk = [f.name for f in font_manager.fontManager.ttflist if any(k in f.name for k in ("CJK", "Hei", "Song", "WenQuanYi", "Kai"))]
    labels, matrix = report["confusion"]["labels"], report["confusion"]["matrix"]
    if cjk:
        plt.rcParams["font.sans-serif"] = [cjk[0], *plt.rcParams["font.sans-serif"]]
    else:  # no Chinese font installed: topics by their corpus file names, other labels as they are if ASCII
        labels = [TOPIC_FILES.get(label, label if label.isascii() else f"label{i}") for i, label in enumerate(labels)]
    size = max(6.0, 0.6 * len(labels) + 2)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=60, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            if value:
                ax.text(j, i, str(value), ha="center", va="center", fontsize=8)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(f"macro-F1 {report['macro_f1']:.3f}  coverage {report['coverage']:.2f}")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
