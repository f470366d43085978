"""The one scikit-learn Pipeline: normalise -> word (jieba) + character uni/bigram TF-IDF (+ the title's) -> calibrated linear SVM."""

from __future__ import annotations

from typing import Any

from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.svm import LinearSVC

from classifier.features import CharNgramTfidf
from classifier.normalise import body_view, normalise_all, title_view
from classifier.tokenize import tokenize

DEFAULT_PARAMS: dict[str, Any] = {
    "word_ngrams": (1, 1),
    "char_max_features": 200_000,
    "C": 1.0,
    # words weigh less than characters in the union (chosen by 5-fold cross-validation on the training part only)
    "word_weight": 0.3,
    # a letter's title as a block of its own (character n-grams), beside the whole text in which it also counts:
    # chosen by 5-fold cross-validation on the Teddy Cup train split (titled letters; our corpus has no titles)
    "title_weight": 0.5,
    "calibration": "temperature",  # one temperature on the SVM scores: calibrated, and the argmax stays the SVM's
    "calibration_folds": 5,
    # one SVM on all the data, calibrated on cross-validated scores: 5x less work per message than an ensemble
    "calibration_ensemble": False,
    "class_weight": "balanced",
}


def build_pipeline(**overrides: Any) -> Pipeline:
    """A fresh, unfitted Pipeline; `overrides` replace entries of DEFAULT_PARAMS."""
    p = {**DEFAULT_PARAMS, **overrides}
    words = TfidfVectorizer(
        tokenizer=tokenize, token_pattern=None, lowercase=False, ngram_range=tuple(p["word_ngrams"]), sublinear_tf=True
    )
    chars = CharNgramTfidf(min_df=2, max_features=p["char_max_features"])
    title_chars = CharNgramTfidf(min_df=2, max_features=p["char_max_features"])
    svm = LinearSVC(C=p["C"], class_weight=p["class_weight"], random_state=0)
    text = FeatureUnion([("words", words), ("chars", chars)], transformer_weights={"words": p["word_weight"], "chars": 1.0})
    features = FeatureUnion(
        [
            ("text", make_pipeline(FunctionTransformer(body_view), text)),
            ("title", make_pipeline(FunctionTransformer(title_view), title_chars)),
        ],
        transformer_weights={"text": 1.0, "title": p["title_weight"]},
    )
    return Pipeline(
        [
            ("normalise", FunctionTransformer(normalise_all)),
            ("features", features),
            ("clf", CalibratedClassifierCV(svm, method=p["calibration"], cv=p["calibration_folds"], ensemble=p["calibration_ensemble"])),
        ]
    )
