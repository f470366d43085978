"""Faults are seeded and transient (the 3rd attempt of a request always succeeds), and each kind is switchable per request."""

from __future__ import annotations

import json

import pytest

from crawlers.sandbox import SandboxServer
from crawlers.sandbox.faults import ALL_KINDS

from .conftest import NOW, Client

PROBES = [("GET", "/weibo/api/comments/show", {"id": "x", "page": p}) for p in range(1, 40)] + [
    ("GET", "/hotline/public/list", {"page": p, "size": 5}) for p in range(1, 40)] + [
    ("GET", "/wz/political/index/politicsNewest", {"id": 1, "page": p}) for p in range(1, 20)]


def _ok(reply_status: int, body: bytes) -> bool:
    if reply_status != 200 or not body:
        return False
    if body.lstrip()[:1] == b"{":
        try:
            data = json.loads(body)
        except ValueError:
            return False
        return data.get("ok", 1) == 1
    return b"</html>" in body and "问政".encode() in body


def _outcomes(seed: int, rate: float) -> list[tuple[int, bool]]:
    """For each probe: how many attempts until success (≤ 3), and whether any attempt failed."""
    out = []
    with SandboxServer(seed=seed, faults=rate, now=NOW, slow_seconds=0) as server:
        client = Client(server.url)
        mid = server.sources["weibo"].store.thread_list()[0].tid
        for method, path, params in PROBES:
            params = {k: mid if v == "x" else v for k, v in params.items()}
            for attempt in range(1, 4):
                reply = client.request(method, path, params)
                if _ok(reply.status, reply.body):
                    out.append((attempt, attempt > 1))
                    break
            else:
                pytest.fail(f"{path} {params} still failing after 3 attempts")
    return out


def test_retrying_three_times_always_succeeds_and_faults_happen() -> None:
    outcomes = _outcomes(seed=3, rate=0.6)
    assert any(failed for _, failed in outcomes)
    assert all(attempts <= 3 for attempts, _ in outcomes)


def test_faults_are_deterministic_per_seed() -> None:
    assert _outcomes(seed=11, rate=0.5) == _outcomes(seed=11, rate=0.5)


def test_zero_rate_never_faults(sandbox: SandboxServer, client: Client) -> None:
    mid = sandbox.sources["weibo"].store.thread_list()[0].tid
    for method, path, params in PROBES:
        reply = client.request(method, path, {k: mid if v == "x" else v for k, v in params.items()})
        assert _ok(reply.status, reply.body)


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_forced_fault_kinds(kind: str, client: Client) -> None:
    reply = client.get("/hotline/public/list", {"page": 1, "__fault": kind})
    if kind.isdigit():
        assert reply.status == int(kind)
    elif kind == "html200":
        assert reply.status == 200 and reply.body.startswith(b"<!DOCTYPE html>")
    elif kind == "empty200":
        assert reply.status == 200 and reply.body == b""
    elif kind == "weibo_ok0":
        assert reply.json()["ok"] == 0
    elif kind == "wechat_ret6":
        assert reply.json()["base_resp"]["ret"] == -6
    elif kind == "truncated":
        with pytest.raises(ValueError):
            json.loads(reply.body)
    else:
        assert kind == "slow" and reply.json()["code"] == 0
    assert client.get("/hotline/public/list", {"page": 1}).json()["code"] == 0


def test_weibo_html_error_page_and_unknown_kind(client: Client) -> None:
    assert "出错了".encode() in client.get("/weibo/comments/hotflow", {"id": 1, "__fault": "html200"}).body
    assert client.get("/hotline/public/list", {"__fault": "nope"}).status == 400


def test_wuhan_faults_are_502_only() -> None:
    with SandboxServer(seed=2, faults=1.0, now=NOW) as server:
        client = Client(server.url)
        path = "/wuhan/messageboard/internetUserInterface/selectThreadsByGroup"
        statuses = [client.post_form(path, {"pageNum": 1, "pageSize": 5}).status for _ in range(3)]
    assert statuses == [502, 502, 200]
