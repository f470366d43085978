"""Withdrawn messages: a crawl that reads a list or thread to its end marks what the source no longer shows as deleted;
an incremental run, a capped run or a run with failed requests marks nothing."""

from __future__ import annotations

from tests.crawlers.conftest import last_run, reconfigure, run_crawl, stored


def _deleted(key: str) -> set[str]:
    return {ext for ext, m in stored(key).items() if m.is_deleted}


def test_a_letter_withdrawn_from_a_board_is_marked_deleted_by_a_crawl_that_reads_the_whole_list(sandbox):
    key = "sandbox_rednet"
    assert run_crawl(key).returncode == 0
    manifest = sandbox.manifest()["rednet"]
    newest, oldest = manifest[0], manifest[-1]
    sandbox.delete("rednet", oldest)
    assert run_crawl(key).returncode == 0  # incremental: stops at what it has, never sees the end of the list
    assert _deleted(key) == set() and last_run(key).stats["deleted"] == 0
    reconfigure(key, max_pages=1)
    assert run_crawl(key, extra=("--full",)).returncode == 0  # capped at one page: not the whole list either
    assert _deleted(key) == set()

    reconfigure(key, max_pages=300, detail_path="/front/msg/gone")  # list read to the end, but every detail fails
    run_crawl(key, extra=("--full",))
    assert _deleted(key) == set()

    reconfigure(key, detail_path="/front/msg/detail")
    sandbox.delete("rednet", newest)
    assert run_crawl(key, extra=("--full",)).returncode == 0
    assert _deleted(key) == {newest, oldest} and last_run(key).stats["deleted"] == 2
    assert set(stored(key)) - _deleted(key) == set(sandbox.manifest()["rednet"])


def test_a_withdrawn_comment_takes_its_replies_with_it(sandbox):
    key = "sandbox_weibo"
    assert run_crawl(key).returncode == 0
    store = sandbox.sources["weibo"].store
    root = next(e for e in store.listing(top_only=True) if store.listing(root=e.eid))
    replies = {e.eid for e in store.listing(root=root.eid)}
    sandbox.delete("weibo", root.eid)
    assert run_crawl(key, extra=("--full",)).returncode == 0
    assert _deleted(key) == {root.eid} | replies and last_run(key).stats["deleted"] == 1 + len(replies)
    assert set(stored(key)) - _deleted(key) == set(sandbox.manifest()["weibo"])
