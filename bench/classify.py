"""Throughput of classify (normalise + tokenise + predict) against pure-Python jieba.lcut alone, on the same texts."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from classifier.corpus import load_corpus, read_rows  # noqa: E402
from classifier.router import Router  # noqa: E402
from classifier.tokenize import reference_jieba  # noqa: E402
from classifier.train import train_model  # noqa: E402

GOAL = 2.0
LETTER_CHARS = 290  # the length the issue measured jieba on


def _letters(texts: list[str], count: int) -> list[str]:
    """`count` longer texts: consecutive corpus messages joined until each has LETTER_CHARS characters."""
    out: list[str] = []
    current = ""
    i = 0
    while len(out) < count:
        current += texts[i % len(texts)]
        i += 1
        if len(current) >= LETTER_CHARS:
            out.append(current)
            current = ""
    return out


def _rate(fn, texts: list[str], repeat: int) -> tuple[float, float]:
    """(messages/s, MB/s of UTF-8 text): the best of `repeat` runs."""
    size = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn(texts)
        best = min(best, time.perf_counter() - started)
    return len(texts) / best, size / best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, help="model folder (default: train one from the bundled corpus into a temp folder)")
    parser.add_argument("--messages", type=int, default=5000, help="how many messages to time (the corpus, repeated)")
    parser.add_argument("--batch", type=int, default=256, help="messages per classify_many call")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    corpus_texts = [text for text, _label, _also in read_rows()]
    sets = {
        "corpus messages as written": (corpus_texts * (args.messages // len(corpus_texts) + 1))[: args.messages],
        f"letters of >= {LETTER_CHARS} characters": _letters(corpus_texts, args.messages),
    }
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = args.model
        if model_dir is None:
            corpus = load_corpus()
            model_dir = Path(tmp)
            train_model(corpus.train_texts, corpus.train_labels, model_dir)
        router = Router.load(model_dir)
        jieba = reference_jieba()
        router.classify_many(corpus_texts[:10])  # warm-up: dictionaries, lazy imports

        def classify_all(items: list[str]) -> None:
            for i in range(0, len(items), args.batch):
                router.classify_many(items[i : i + args.batch])

        def jieba_all(items: list[str]) -> None:
            for text in items:
                jieba.lcut(text)

        met = True
        for name, texts in sets.items():
            jieba_rate, jieba_mb = _rate(jieba_all, texts, args.repeat)
            classify_rate, classify_mb = _rate(classify_all, texts, args.repeat)
            ratio = classify_rate / jieba_rate
            met &= ratio >= GOAL
            mean_chars = sum(map(len, texts)) / len(texts)
            print(f"{name}: {len(texts)} messages, mean {mean_chars:.0f} characters, batch {args.batch}")
            print(f"  jieba.lcut alone          {jieba_rate:8.0f} messages/s  {jieba_mb:6.2f} MB/s")
            print(f"  classify (norm+tok+pred)  {classify_rate:8.0f} messages/s  {classify_mb:6.2f} MB/s")
            print(f"  ratio classify / jieba    {ratio:8.2f}x  (goal >= {GOAL:.0f}x: {'met' if ratio >= GOAL else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
