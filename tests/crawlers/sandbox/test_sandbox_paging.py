"""Cursor paging of every source reaches its end and collects exactly the manifest; grow/edit/delete show on re-crawl."""

from __future__ import annotations

import pytest

from crawlers.sandbox import SandboxServer

from .conftest import NOW, Client
from .crawl import CRAWLERS


def test_every_source_has_a_crawler(sandbox: SandboxServer) -> None:
    assert set(CRAWLERS) == set(sandbox.manifest())


@pytest.mark.parametrize("key", sorted(CRAWLERS))
def test_paging_covers_the_manifest(key: str, sandbox: SandboxServer, client: Client) -> None:
    manifest = sandbox.manifest()[key]
    assert 25 <= len(manifest) and len(manifest) == len(set(manifest))
    assert CRAWLERS[key](client) == set(manifest)


@pytest.mark.parametrize("key", sorted(CRAWLERS))
def test_grow_and_delete_show_on_recrawl(key: str, sandbox: SandboxServer, client: Client) -> None:
    before = set(sandbox.manifest()[key])
    sandbox.grow(2)
    grown = set(sandbox.manifest()[key])
    assert len(grown - before) == 2 and before < grown
    gone = sorted(before)[len(before) // 2]
    sandbox.delete(key, gone)
    after = set(sandbox.manifest()[key])
    assert gone not in after
    assert CRAWLERS[key](client) == after


def test_grow_is_deterministic() -> None:
    def grown(seed: int) -> dict[str, list[str]]:
        server = SandboxServer(seed=seed, now=NOW)
        server.grow(3)
        return {k: v[:3] for k, v in server.manifest().items()}

    first = grown(5)
    assert first == grown(5)
    assert first != grown(6)
