"""Fakes for crawl tests: a fixed, confident router (no model training in tests) and a signer the sandbox throttles."""

from __future__ import annotations

from types import SimpleNamespace


class FakeRouter:
    """Routes everything to 社会救助 with confidence 0.9; texts mentioning 紧急 are urgent."""

    def classify(self, text: str) -> SimpleNamespace:
        return SimpleNamespace(topic="社会救助", confidence=0.9, auto_route=True,
                               urgency="urgent" if "紧急" in text else "normal", urgency_reasons=())


def router() -> FakeRouter:
    return FakeRouter()


class ThrottledSigner:
    """Signs Douyin queries like the sandbox wants, plus `__fault=429`: the sandbox answers every request with HTTP 429."""

    def __init__(self, config: dict) -> None:
        from crawlers.signing import SandboxBogus

        self.inner = SandboxBogus(config)

    def sign(self, params: dict) -> dict[str, str]:
        return {**self.inner.sign(params), "__fault": "429"}
