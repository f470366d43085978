"""CharNgramTfidf gives scikit-learn's character uni/bigram TF-IDF, feature for feature."""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from classifier.features import CharNgramTfidf
from classifier.normalise import normalise_all

ODD = ["", "x", "  ", "AB  c\n d", "😀😀x", "a\x00b", "低保低保低保"]


def test_same_features_and_values_as_scikit_learn(corpus) -> None:
    docs = normalise_all(corpus.train_texts)
    ours = CharNgramTfidf(min_df=2).fit(docs)
    theirs = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, min_df=2).fit(docs)
    names_ours, names_theirs = ours.get_feature_names_out(), theirs.get_feature_names_out()
    assert sorted(names_ours) == sorted(names_theirs)
    probe = normalise_all(corpus.test_texts) + ODD[:-2] + ODD[-1:]
    a = ours.transform(probe)[:, np.argsort(names_ours)]
    b = theirs.transform(probe)[:, np.argsort(names_theirs)]
    assert abs(a - b).max() < 1e-12


def test_max_features_keeps_the_most_frequent() -> None:
    model = CharNgramTfidf(min_df=1, max_features=2).fit(["ab", "ab", "ac"])
    assert list(model.get_feature_names_out()) == ["a", "b"]  # ties (b, ab) go to the lower key
    assert model.transform(ODD).shape == (len(ODD), 2)


def test_a_block_with_nothing_frequent_enough_is_empty_not_an_error() -> None:
    # the title block of a corpus without titles: every title is ""
    model = CharNgramTfidf(min_df=2).fit(["", "", "x"])
    assert model.transform(["x", "低保", ""]).shape == (3, 0)
