"""The classifier's commands: `yuqing train`, `evaluate`, `classify`, `model list|activate`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Optional

import typer

from classifier.corpus import load_corpus, read_labelled_csv, read_texts
from classifier.evaluate import evaluate as evaluate_model, plot_confusion
from classifier.normalise import with_title
from classifier.router import Router
from classifier.train import train_model
from tracker import model_registry
from tracker.db import session_scope
from tracker.routing import TRIAGE_LABEL, section_for_topic
from tracker.settings import get_settings
from tracker.timeutil import fmt_local

model_app = typer.Typer(help="分类模型版本: 列出、启用（回滚） (classifier model versions)", no_args_is_help=True)


def _model_dir(model: Optional[Path]) -> Path:
    """The given model folder, else the active model (trained on first use)."""
    if model is not None:
        return model
    with session_scope() as session:
        return model_registry.ensure_model(session, get_settings())


def _summary(report: dict[str, Any]) -> str:
    return (
        f"macro-F1 {report['macro_f1']:.3f}  accuracy {report['accuracy']:.3f}  "
        f"阈值 threshold {report['threshold']:.3f}  自动分派 coverage {report['coverage']:.1%}  "
        f"自动分派准确率 precision_routed {report['precision_routed']:.3f}  (n={report['n']})"
    )


def train(
    data: Optional[Path] = typer.Option(None, "--data", help="任意标注 CSV (默认: 内置语料的训练部分)"),
    text_col: str = typer.Option("text", "--text-col", help="文本列 (多列用逗号连接, 如 title,text)"),
    title_col: Optional[str] = typer.Option(None, "--title-col", help="标题列 (来信标题, 模型单独读取; 可选)"),
    label_col: str = typer.Option("label", "--label-col", help="标签列"),
    out: Optional[Path] = typer.Option(None, "--out", help="写入此目录, 不登记、不改变当前模型"),
    with_corrections: bool = typer.Option(False, "--with-corrections", help="加入工作人员改派主题的纠正"),
) -> None:
    """训练分类模型 (train a model; the new model becomes active only if its held-out macro-F1 is not lower)."""
    corrections: list[tuple[str, str]] = []
    if with_corrections:
        with session_scope() as session:
            corrections = model_registry.topic_corrections(session)
        typer.echo(f"工作人员纠正 corrections: {len(corrections)}")
    if data is not None:
        texts, labels = read_labelled_csv(data, text_col, label_col, title_col)
        training: dict[str, Any] = {
            "texts": texts,
            "labels": labels,
            "extra_texts": [t for t, _ in corrections],
            "extra_labels": [c for _, c in corrections],
            "source": str(data),
        }
    else:
        training = model_registry.corpus_training(corrections)
    training["progress"] = lambda line: typer.echo(line, err=True)  # progress on stderr, the result on stdout
    if out is not None:
        card, target = train_model(out_dir=out, **training), out
    else:
        target, card = model_registry.train_versioned(get_settings().models_dir(), **training)
    typer.echo(f"模型 model {card['version']} -> {target}  ({card['train_seconds']:.1f}s)")
    for part, report in card["metrics"].items():
        typer.echo(f"  {part}: {_summary(report)}")
    if out is not None:
        return
    with session_scope() as session:
        # a model trained on another CSV has no held-out score on our corpus: registered, activated only by hand
        row = model_registry.register_model(session, target, card, activate="if_better" if data is None else "never")
        state = "已启用 (active)" if row.active else "未启用 (not active: `yuqing model activate " + row.version + "`)"
    typer.echo(f"  {state}")


def evaluate(
    model: Optional[Path] = typer.Option(None, "--model", help="模型目录 (默认: 当前模型)"),
    data: Optional[Path] = typer.Option(None, "--data", help="标注 CSV (默认: 内置语料的留出集)"),
    text_col: str = typer.Option("text", "--text-col"),
    title_col: Optional[str] = typer.Option(None, "--title-col", help="标题列 (来信标题, 模型单独读取; 可选)"),
    label_col: str = typer.Option("label", "--label-col"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
    plot: Optional[Path] = typer.Option(None, "--plot", help="把混淆矩阵画到 PNG 文件"),
) -> None:
    """评估模型: 各主题 P/R/F1、macro-F1、混淆矩阵、阈值下的自动分派比例 (evaluate a model)."""
    if data is not None:
        texts, labels = read_labelled_csv(data, text_col, label_col, title_col)
    else:
        corpus = load_corpus()
        texts, labels = corpus.test_texts, corpus.test_labels
    report = evaluate_model(_model_dir(model), texts, labels)
    if plot is not None:
        plot_confusion(report, plot)
    if as_json:
        typer.echo(json.dumps(report, ensure_ascii=False))
        return
    typer.echo(f"模型 model {report['model_version']}")
    typer.echo(f"{'主题 topic':<14}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    for label, s in report["labels"].items():
        typer.echo(f"{label:<14}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}{s['support']:>6}")
    typer.echo(_summary(report))
    names = report["confusion"]["labels"]
    typer.echo("混淆矩阵 confusion (行=真实 row=true, 列=预测 col=predicted): " + " ".join(f"{i}={n}" for i, n in enumerate(names)))
    typer.echo("    " + "".join(f"{i:>4}" for i in range(len(names))))
    for i, row in enumerate(report["confusion"]["matrix"]):
        typer.echo(f"{i:>4}" + "".join(f"{v:>4}" for v in row))


def classify(
    text: Optional[str] = typer.Argument(None, help="要分类的文本"),
    csv_file: Optional[Path] = typer.Option(None, "--csv", help="CSV 文件, 每行一条"),
    text_col: str = typer.Option("text", "--text-col"),
    title_col: Optional[str] = typer.Option(None, "--title-col", help="标题列 (来信标题, 模型单独读取; 可选)"),
    title: Optional[str] = typer.Option(None, "--title", help="TEXT 的标题 (可选)"),
    model: Optional[Path] = typer.Option(None, "--model", help="模型目录 (默认: 当前模型)"),
) -> None:
    """分类留言, 每条输出一行 JSON: topic, section, confidence, routed_to, urgency (classify messages)."""
    if title is not None and text is None:
        raise typer.BadParameter("--title 只能与 TEXT 一起使用 (--title goes with TEXT; use --title-col with --csv)")
    if (text is None) == (csv_file is None):
        raise typer.BadParameter("给出 TEXT 或 --csv FILE 之一 (give TEXT or --csv FILE)")
    texts = [with_title(title, text)] if text is not None else read_texts(csv_file, text_col, title_col)
    router = Router.load(_model_dir(model))
    for prediction in router.classify_many(texts):
        key, name = section_for_topic(prediction.topic)
        record = {
            "topic": prediction.topic,
            "section": key,
            "section_name": name,
            "confidence": round(prediction.confidence, 4),
            "routed_to": name if prediction.auto_route else TRIAGE_LABEL,
            "urgency": prediction.urgency,
            "urgency_reasons": list(prediction.urgency_reasons),
        }
        typer.echo(json.dumps(record, ensure_ascii=False))


@model_app.command("list")
def model_list() -> None:
    """列出模型版本 (list model versions; * = active)."""
    with session_scope() as session:
        rows = model_registry.list_models(session)
        for row in rows:
            f1 = "-" if row.macro_f1 is None else f"{row.macro_f1:.3f}"
            typer.echo(f"{'*' if row.active else ' '} {row.version}  macro-F1 {f1}  {fmt_local(row.created_at)}  {row.path}")
        if not rows:
            typer.echo("没有模型 (no models yet; `yuqing train`)")


@model_app.command("activate")
def model_activate(version: str = typer.Argument(..., help="模型版本")) -> None:
    """启用指定版本 (activate VERSION, e.g. to roll back)."""
    with session_scope() as session:
        row = model_registry.activate(session, version)
        typer.echo(f"已启用模型 {row.version} (macro-F1 {row.macro_f1})")


def register(app: typer.Typer) -> None:
    """Attach the classifier's commands to the `yuqing` app."""
    app.command("train")(train)
    app.command("evaluate")(evaluate)
    app.command("classify")(classify)
    app.add_typer(model_app, name="model")
