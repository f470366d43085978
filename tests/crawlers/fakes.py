"""A fake router for crawl tests: a fixed, confident topic (no model training in tests)."""

from __future__ import annotations

from types import SimpleNamespace


class FakeRouter:
    """Routes everything to 社会救助 with confidence 0.9; texts mentioning 紧急 are urgent."""

    def classify(self, text: str) -> SimpleNamespace:
        return SimpleNamespace(topic="社会救助", confidence=0.9, auto_route=True,
                               urgency="urgent" if "紧急" in text else "normal", urgency_reasons=())


def router() -> FakeRouter:
    return FakeRouter()
