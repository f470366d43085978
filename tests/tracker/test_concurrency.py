"""Two writers opening a case for the same (source, external_id) at once end with one case; the loser hears "already exists"."""

from __future__ import annotations

import threading

import pytest
from sqlmodel import select

from models.tables import Case, Message
from tests.factories import draft, routed
from tracker import ledger
from tracker.db import session_scope
from tracker.errors import AlreadyExists


@pytest.mark.postgres
@pytest.mark.parametrize("db", ["postgres"], indirect=True)
def test_concurrent_writers_of_the_same_message_make_one_case(db):
    d = draft("weibo", external_id="7345678901234567890")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def writer() -> None:
        try:
            with session_scope() as s:
                barrier.wait(timeout=10)
                ledger.open_case(session=s, draft=d, decision=routed(), now=d.fetched_at)
            outcomes.append("opened")
        except AlreadyExists:
            outcomes.append("exists")
        except Exception as exc:  # anything else is a failure of the test
            outcomes.append(f"error: {exc!r}")

    threads = [threading.Thread(target=writer) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["exists", "opened"]
    with session_scope() as s:
        assert len(s.exec(select(Case)).all()) == 1
        assert len(s.exec(select(Message)).all()) == 1
