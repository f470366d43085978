"""One model trained on the bundled corpus per test session (in a tmp folder), shared by the classifier tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from classifier.corpus import Corpus, load_corpus
from classifier.router import Router
from classifier.train import train_model


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="session")
def trained(corpus: Corpus, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """(model folder, card) of the default model, scored on the held-out split."""
    model_dir = tmp_path_factory.mktemp("model")
    card = train_model(corpus.train_texts, corpus.train_labels, model_dir, held_out=(corpus.test_texts, corpus.test_labels))
    return model_dir, card


@pytest.fixture(scope="session")
def router(trained: tuple[Path, dict[str, Any]]) -> Router:
    return Router.load(trained[0])
