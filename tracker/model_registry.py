"""The database side of classifier models: ModelVersion rows, the active model, staff corrections for retraining."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from sqlmodel import Session, col, select

from classifier.corpus import load_corpus
from classifier.normalise import with_title
from classifier.router import CARD_FILE, MODEL_FILE
from classifier.train import train_model, write_card
from models.tables import Case, Event, Message, ModelVersion
from tracker.errors import NotFound
from tracker.settings import Settings
from tracker.timeutil import utcnow

Activate = Literal["if_better", "always", "never"]
log = logging.getLogger("yuqing.model_registry")


def _active_row(session: Session) -> ModelVersion | None:
    return session.exec(select(ModelVersion).where(col(ModelVersion.active).is_(True)).order_by(col(ModelVersion.id).desc())).first()


def _usable(path: Path) -> bool:
    return (path / MODEL_FILE).is_file() and (path / CARD_FILE).is_file()


def active_model_dir(session: Session) -> Path | None:
    """The folder of the active model, or None when no model is active (or its files are gone)."""
    row = _active_row(session)
    if row is None or not _usable(Path(row.path)):
        return None
    return Path(row.path)


def held_out_f1(card: dict[str, Any]) -> float | None:
    """Macro-F1 on the bundled held-out split, the one figure models are compared by (None if not measured)."""
    held_out = (card.get("metrics") or {}).get("held_out")
    return float(held_out["macro_f1"]) if held_out else None


def _set_active(session: Session, row: ModelVersion) -> None:
    for other in session.exec(select(ModelVersion).where(col(ModelVersion.active).is_(True))).all():
        other.active = False
        session.add(other)
    row.active = True
    session.add(row)
    session.flush()


def register_model(session: Session, model_dir: Path, card: dict[str, Any], *, activate: Activate = "if_better") -> ModelVersion:
    """Record a trained model; "if_better" activates it only if its held-out macro-F1 is not lower than the active one's."""
    version = str(card["version"])
    row = session.exec(select(ModelVersion).where(ModelVersion.version == version)).first()
    if row is None:
        row = ModelVersion(
            version=version,
            path=str(Path(model_dir).resolve()),
            created_at=utcnow(),
            macro_f1=held_out_f1(card),
            corpus_hash=card.get("data_hash"),
            card=card,
            active=False,
        )
        session.add(row)
        session.flush()
    current = _active_row(session)
    if activate == "always":
        better = True
    elif activate == "never" or row.macro_f1 is None:
        better = False
    else:
        better = current is None or current.macro_f1 is None or row.macro_f1 >= current.macro_f1
    if better and row is not current:
        _set_active(session, row)
    log.info("registered model %s (macro-F1 %s, active=%s)", version, row.macro_f1, row.active)
    return row


def list_models(session: Session) -> list[ModelVersion]:
    """Every registered model, newest first."""
    return list(session.exec(select(ModelVersion).order_by(col(ModelVersion.created_at).desc(), col(ModelVersion.id).desc())).all())


def activate(session: Session, version: str) -> ModelVersion:
    """Make `version` the active model (roll back or forward)."""
    row = session.exec(select(ModelVersion).where(ModelVersion.version == version)).first()
    if row is None:
        raise NotFound(f"没有版本为 {version} 的模型 (no such model version)")
    if not _usable(Path(row.path)):
        raise NotFound(f"模型 {version} 的文件已不存在: {row.path}")
    _set_active(session, row)
    return row


def topic_corrections(session: Session) -> list[tuple[str, str]]:
    """(first message text with its title, corrected topic) of every case whose topic staff changed by reassignment; latest change wins."""
    corrected: dict[int, str] = {}
    events = session.exec(select(Event).where(Event.action == "reassign").order_by(col(Event.at), col(Event.id))).all()
    for event in events:
        before, after = event.before or {}, event.after or {}
        topic = after.get("topic")
        if topic and before.get("topic") != topic:
            corrected[event.case_id] = topic
    if not corrected:
        return []
    first_text: dict[int, str] = {}
    rows = session.exec(
        select(Message.case_id, Message.title, Message.text)
        .join(Case, col(Message.case_id) == col(Case.id))
        .where(col(Message.case_id).in_(list(corrected)))
        .order_by(col(Message.id))
    ).all()
    for case_id, title, text in rows:
        first_text.setdefault(case_id, with_title(title, text))  # as the crawl's classification read it
    return [(first_text[case_id], topic) for case_id, topic in corrected.items() if first_text.get(case_id, "").strip()]


def corpus_training(corrections: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """train_model() arguments for the bundled corpus (+ staff corrections), scored on its held-out split."""
    corpus = load_corpus()
    return {
        "texts": corpus.train_texts,
        "labels": corpus.train_labels,
        "extra_texts": [text for text, _ in corrections],
        "extra_labels": [topic for _, topic in corrections],
        "held_out": (corpus.test_texts, corpus.test_labels),
        "source": "bundled corpus" + (f" + {len(corrections)} staff corrections" if corrections else ""),
    }


def train_versioned(models_dir: Path, **training: Any) -> tuple[Path, dict[str, Any]]:
    """train_model(**training) into models_dir/<version> (trained in a staging folder, renamed when complete)."""
    staging = models_dir / f".training-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    card = train_model(out_dir=staging, **training)
    base, n = card["version"], 1
    while (models_dir / card["version"]).exists():  # the same data trained twice within one second
        n += 1
        card["version"] = f"{base}-{n}"
    write_card(staging, card)
    final = models_dir / card["version"]
    staging.rename(final)
    return final, card


def train_default(models_dir: Path, corrections: Sequence[tuple[str, str]] = ()) -> tuple[Path, dict[str, Any]]:
    """Train the default model from the bundled corpus (+ corrections) into models_dir/<version>."""
    return train_versioned(models_dir, **corpus_training(corrections))


def ensure_model(session: Session, settings: Settings) -> Path:
    """The active model's folder; with none, train the default model from the bundled corpus, register and activate it."""
    found = active_model_dir(session)
    if found is not None:
        return found
    log.warning("no active classifier model: training the default model from the bundled corpus")
    model_dir, card = train_default(settings.models_dir())
    register_model(session, model_dir, card, activate="always")
    return model_dir
