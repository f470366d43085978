"""人民网 signed JSON API: md5-signed bodies, `lastItem` paging, full text and the official reply (dataType 4) from `content`."""

from __future__ import annotations

from datetime import datetime

from crawlers.sandbox.liuyan import liuyan_signature
from crawlers.signing import LiuyanMd5
from tests.crawlers.conftest import crawl_to_manifest, last_run, reconfigure, recrawl_reads_only_new, run_crawl, stored
from tracker.timeutil import to_local

KEY, KIND = "sandbox_liuyan_api", "liuyan_api"


def test_every_letter_is_collected_with_the_official_reply_then_a_recrawl_reads_only_new_ones(sandbox):
    messages, store = crawl_to_manifest(sandbox, KEY, KIND)
    for tid, m in messages.items():
        entry = store.get(tid)
        assert not m.is_truncated and m.text.replace("\n", "") == entry.text.replace("\n", "")
        assert to_local(m.created_at) == entry.created and m.extra["target_org"] == "某市市长"
        if entry.reply is not None:  # from the detail's dataType 4 part
            assert m.extra["reply_text"] == entry.reply.text and m.extra["reply_org"] == entry.reply.org
            assert datetime.fromisoformat(m.extra["reply_time"]) == entry.reply.at
    assert sum(m.raw["list"]["content"].endswith("...") for m in messages.values()) > len(messages) // 2
    recrawl_reads_only_new(sandbox, KEY, KIND)


def test_a_rejected_signature_is_an_error_not_an_empty_board(sandbox):
    reconfigure(KEY, app_code="STALE-APP-CODE")
    run_crawl(KEY)
    run = last_run(KEY)
    assert run.status == "failed" and run.stats["reason"] == "bad_signature" and stored(KEY) == {}
    assert any("SN0006" in s["message"] for s in run.error_samples)


def test_the_signature_is_md5_of_path_param_appcode_and_token():
    signer = LiuyanMd5({"app_code": "SANDBOX0000000001"})
    assert signer.signature("/v1/threads/content", '{"tid":"1"}') == liuyan_signature("/v1/threads/content", '{"tid":"1"}')
