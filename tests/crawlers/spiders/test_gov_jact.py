"""Hanweb jact mailbox: the JavaScript `dataStore` list, label/value detail tables in GBK behind a lying gb2312 meta."""

from __future__ import annotations

import re
import urllib.request

from scrapy.http import HtmlResponse, Request

from crawlers.sources import SourceSpec
from crawlers.spiders.gov_jact import JactSpider
from tests.crawlers.conftest import crawl_to_manifest, last_run, run_crawl, stored
from tracker.timeutil import to_local

KEY, KIND = "sandbox_gov_jact", "gov_jact"


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_every_letter_is_collected_from_gbk_pages_then_a_recrawl_reads_new_and_edited_ones(sandbox):
    messages, store = crawl_to_manifest(sandbox, KEY, KIND)
    for eid, m in messages.items():
        entry = store.get(eid)
        assert not m.is_truncated and squeeze(m.text) == squeeze(entry.text)  # GBK-only characters survive the gb2312 label
        assert m.title == entry.title and m.author_name == entry.author and "�" not in m.text
        assert to_local(m.created_at) == entry.created and m.created_at_precision == "second"
        assert m.extra["status_raw"] in ("已办结", "办理中", "待回复") and m.extra["number"].startswith("XX")
        if entry.reply is not None:
            assert squeeze(m.extra["reply_text"]) == squeeze(entry.reply.text) and m.extra["reply_org"] == entry.reply.org
    first = last_run(KEY)

    newest = sandbox.manifest()[KIND][0]
    sandbox.edit(KIND, newest, "（补充）您好！高龄津贴已到账，但护理补贴仍未发放，请再核实。")
    sandbox.grow(2)
    assert run_crawl(KEY).returncode == 0
    second = last_run(KEY)
    assert second.new == 2 and second.updated == 1 and second.duplicates < len(messages) // 2
    assert stored(KEY)[newest].text.startswith("（补充）") and stored(KEY)[newest].edited_at is not None
    assert set(stored(KEY)) == set(sandbox.manifest()[KIND]) and first.status == second.status == "ok"


def test_a_withdrawn_letter_redirects_to_an_error_page_and_is_skipped_with_a_warning(sandbox):
    spider = JactSpider(SourceSpec(KEY, KIND, "jact", {"base_url": f"{sandbox.url}/gov"}))
    detail = f"{sandbox.url}/gov/jact/front/mailpubdetail.do?sysid=84&objid=1"
    with urllib.request.urlopen(detail) as answer:  # urllib follows the 302, as Scrapy does
        body, url, content_type = answer.read(), answer.url, answer.headers["Content-Type"]
    assert url.endswith("/error.html") and "gb2312" in content_type
    page = HtmlResponse(url, body=body, headers={"Content-Type": content_type},
                        request=Request(detail, meta={"redirect_urls": [detail], "stream": "list"}))
    item = spider.item(page, external_id="1", title="x", is_truncated=True)
    assert list(spider.parse_detail(page, item)) == []
    assert spider.runlog.samples[0]["kind"] == "withdrawn"
