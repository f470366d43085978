"""Routes a message to a topic, or to office triage when the model is unsure or the text is unusable."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib

from classifier.errors import ModelNotFound
from classifier.normalise import TITLE_END, normalise, split_title
from classifier.urgency import NORMAL, detect_normalised

MODEL_FILE, CARD_FILE = "model.joblib", "card.json"
MAX_CLASSIFY_CHARS = 5_000  # the head of a long letter says what it is about; the rest only costs time
MAX_ROUTABLE_CHARS = 50_000  # anything longer is not a citizen message: triage
MAX_JUNK_SHARE = 0.2  # share of control / unassigned / replacement characters that marks binary garbage
_TWO_LETTERS = re.compile(r"[^\W\d_].*?[^\W\d_]", re.S)  # a usable text has at least two letters (CJK or Latin)
_JUNK = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffd\ufffe\uffff]")


@dataclass(frozen=True)
class Prediction:
    """The router's answer for one message."""

    topic: str | None
    confidence: float
    auto_route: bool
    urgency: str = NORMAL
    urgency_reasons: tuple[str, ...] = ()


def _junk_share(text: str) -> float:
    """Share of control, surrogate, private-use and replacement characters in the head of the text."""
    sample = text[:MAX_CLASSIFY_CHARS]
    return len(_JUNK.findall(sample)) / len(sample) if sample else 0.0


def _prepare(text: object) -> tuple[str, bool]:
    """(normalised head of the text, whether it may be routed automatically)."""
    if isinstance(text, (bytes, bytearray)):
        text = bytes(text).decode("utf-8", errors="replace")
    if not isinstance(text, str):
        return "", False
    clean = normalise(text[:MAX_CLASSIFY_CHARS])
    raw = text.replace(TITLE_END, " ", 1)  # with_title's mark is not junk (a private-use character)
    usable = _TWO_LETTERS.search(clean) is not None and len(text) <= MAX_ROUTABLE_CHARS and _junk_share(raw) <= MAX_JUNK_SHARE
    return clean, usable


class Router:
    """A trained model with its card: classify() never raises on odd input, it sends it to triage."""

    def __init__(self, model: Any, card: dict[str, Any]) -> None:
        self.model = model
        self.card = card
        self.version: str = str(card.get("version", "unknown"))
        self.threshold: float = float(card.get("threshold", 1.0))
        self.labels: list[str] = [str(c) for c in model.classes_]
        # texts reach the model normalised already: skip the Pipeline's own (idempotent) normalise step
        self._predictor = model[1:] if getattr(model, "steps", [("", None)])[0][0] == "normalise" else model

    @classmethod
    def load(cls, model_dir: Path) -> Router:
        """Load model.joblib and card.json from `model_dir`."""
        model_dir = Path(model_dir)
        if not (model_dir / MODEL_FILE).is_file() or not (model_dir / CARD_FILE).is_file():
            raise ModelNotFound(model_dir)
        card = json.loads((model_dir / CARD_FILE).read_text(encoding="utf-8"))
        return cls(joblib.load(model_dir / MODEL_FILE), card)

    def classify(self, text: str) -> Prediction:
        """Topic, confidence, whether to route automatically, and urgency of one message."""
        return self.classify_many([text])[0]

    def classify_many(self, texts: list[str]) -> list[Prediction]:
        """classify() for many messages in one model call."""
        prepared = [_prepare(t) for t in texts]
        wanted = [i for i, (clean, _) in enumerate(prepared) if any(ch.isalnum() for ch in clean)]
        guesses: dict[int, tuple[str, float]] = {}
        if wanted:
            proba = self._predictor.predict_proba([prepared[i][0] for i in wanted])
            best = proba.argmax(axis=1)
            for row, i in enumerate(wanted):
                guesses[i] = (self.labels[best[row]], float(proba[row, best[row]]))
        out = []
        for i, (clean, usable) in enumerate(prepared):
            topic, confidence = guesses.get(i, (None, 0.0))
            urgency, reasons = detect_normalised(" ".join(part for part in split_title(clean) if part))
            out.append(Prediction(topic, confidence, usable and topic is not None and confidence >= self.threshold, urgency, reasons))
        return out
