"""Character n-gram TF-IDF computed with numpy over a whole batch: scikit-learn's figures, many times faster."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

_WHITE_SPACES = re.compile(r"\s\s+")  # as scikit-learn's char analyzer
_SEPARATOR = "\x00"  # joins the documents of a batch; n-grams that hold it are dropped
_SHIFT = 21  # code points fit in 21 bits: a bigram (a, b) is the number (a + 1) << 21 | b, above every unigram


def _keys(docs: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(document index, n-gram key) of every character unigram and bigram of the documents."""
    cleaned = [_WHITE_SPACES.sub(" ", doc.lower()).replace(_SEPARATOR, "") for doc in docs]
    batch = _SEPARATOR.join(cleaned)
    codes = np.frombuffer(batch.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    rows = np.repeat(np.arange(len(cleaned), dtype=np.int64), [len(doc) + 1 for doc in cleaned])[: len(codes)]
    first, second = codes[:-1], codes[1:]
    paired = (first != 0) & (second != 0)
    keys = np.concatenate([codes, ((first[paired] + 1) << _SHIFT) | second[paired]])
    rows = np.concatenate([rows, rows[:-1][paired]])
    single = keys != 0
    return rows[single], keys[single]


def _name(key: int) -> str:
    return chr(key) if key < (1 << _SHIFT) else chr((key >> _SHIFT) - 1) + chr(key & ((1 << _SHIFT) - 1))


class CharNgramTfidf(TransformerMixin, BaseEstimator):
    """TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True, min_df=min_df), computed with numpy.

    scikit-learn counts n-grams in a Python loop per document, the slowest step of classifying a message; here each
    n-gram is a number and a batch is counted and looked up in C. `max_features` keeps the n-grams with the highest
    document frequency.
    """

    def __init__(self, min_df: int = 2, max_features: int | None = None) -> None:
        self.min_df = min_df
        self.max_features = max_features

    def fit(self, X: Iterable[str], y: object = None) -> CharNgramTfidf:
        docs = list(X)
        rows, keys = _keys(docs)
        unique, inverse = np.unique(keys, return_inverse=True)
        present = sp.csc_matrix((np.ones(len(keys)), (rows, inverse)), shape=(len(docs), len(unique)))
        present.sum_duplicates()
        df = np.diff(present.indptr)
        kept = np.flatnonzero(df >= self.min_df)
        if self.max_features is not None and len(kept) > self.max_features:
            kept = np.sort(kept[np.argsort(-df[kept], kind="stable")[: self.max_features]])
        self.keys_ = unique[kept]
        self.idf_ = np.log((1.0 + len(docs)) / (1.0 + df[kept])) + 1.0
        return self

    def transform(self, X: Iterable[str]) -> sp.csr_matrix:
        check_is_fitted(self, "keys_")
        docs = list(X)
        rows, keys = _keys(docs)
        position = np.searchsorted(self.keys_, keys).clip(max=max(len(self.keys_) - 1, 0))
        known = self.keys_[position] == keys if len(self.keys_) else np.zeros(len(keys), dtype=bool)
        matrix = sp.csr_matrix(
            (np.ones(int(known.sum())), (rows[known], position[known])), shape=(len(docs), len(self.keys_))
        )
        matrix.sum_duplicates()
        if not len(self.keys_):  # nothing was frequent enough (e.g. the title block of a corpus without titles)
            return matrix
        np.log(matrix.data, out=matrix.data)
        matrix.data += 1.0
        matrix.data *= self.idf_[matrix.indices]
        return normalize(matrix, copy=False)

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        check_is_fitted(self, "keys_")
        return np.asarray([_name(int(k)) for k in self.keys_], dtype=object)
