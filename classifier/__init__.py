"""Text -> topic for citizen messages: normalisation, segmentation, a scikit-learn model that knows when it is unsure."""

from __future__ import annotations

from classifier.topics import TOPICS  # noqa: F401
