"""Word segmentation: rjieba in the hot path, jieba as the reference, one civil-affairs user dictionary for both."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from types import ModuleType

import rjieba

from classifier.errors import ConfigError

USERDICT = Path(__file__).resolve().parent / "data" / "userdict.txt"
# jieba's finalseg re_skip: how it cuts runs of letters and digits outside its dictionary
_JIEBA_SKIP = re.compile(r"[a-zA-Z0-9]+(?:\.\d+)?%?")
_JIEBA_PIECES = re.compile(r"[a-zA-Z0-9]+(?:\.\d+)?%?|.", re.S)
_MIXED_ASCII = re.compile(r"[A-Za-z0-9][^\sA-Za-z0-9\u4e00-\u9fff]+[A-Za-z0-9]")
_WORDISH = re.compile(r"[^\W_]")
_lock = threading.Lock()
_loaded = False
_reference: ModuleType | None = None


def read_userdict(path: Path = USERDICT) -> list[tuple[str, int, str | None]]:
    """Entries (word, frequency, tag) of a jieba user dictionary; every line must give its frequency."""
    entries: list[tuple[str, int, str | None]] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.strip().split()
        if not parts or parts[0].startswith("#"):
            continue
        if len(parts) < 2 or not parts[1].isdigit():
            raise ConfigError(path, f"line {number}", f"每行须为「词 词频 [词性]」: {line!r}")
        entries.append((parts[0], int(parts[1]), parts[2] if len(parts) > 2 else None))
    return entries


def ensure_loaded() -> None:
    """Load the user dictionary into rjieba (once per process)."""
    global _loaded
    if _loaded:
        return
    with _lock:
        if not _loaded:
            for word, freq, tag in read_userdict():
                rjieba.add_word(word, freq, tag)
            _loaded = True


def reference_jieba() -> ModuleType:
    """Pure-Python jieba with the same user dictionary (its own format, its own loader): the reference segmentation."""
    global _reference
    with _lock:
        if _reference is None:
            import jieba

            jieba.setLogLevel(60)
            jieba.initialize()
            jieba.load_userdict(str(USERDICT))
            _reference = jieba
    return _reference


def _jieba_split(token: str) -> list[str]:
    """Split an ASCII run the way jieba's HMM step does (rjieba keeps 9:00-17:00's "00-17" whole, jieba does not)."""
    if token.isalnum() or len(token) < 2 or not token.isascii() or _JIEBA_SKIP.fullmatch(token) or rjieba.has_word(token):
        return [token]
    return _JIEBA_PIECES.findall(token)


def segment(text: str) -> list[str]:
    """Raw segmentation (every piece, punctuation and spaces included), identical to jieba.lcut's."""
    ensure_loaded()
    tokens = rjieba.cut(text, True)
    if not _MIXED_ASCII.search(text):  # the usual case: nothing for _jieba_split to do
        return tokens
    return [piece for token in tokens for piece in _jieba_split(token)]


def tokenize(text: str) -> list[str]:
    """Feature tokens of an already normalised text: segmented words, lower-cased, punctuation and spaces dropped."""
    return [token.lower() for token in segment(text) if token.isalnum() or _WORDISH.search(token)]
