"""Text hygiene: HTML to text with emoji kept, counts like 1.2万, GBK pages that claim gb2312, user ids hashed."""

from __future__ import annotations

from crawlers.textclean import content_hash, decode_bytes, hash_user_id, html_to_text, parse_count, scrub_ids, strip_region


def test_weibo_markup_becomes_plain_text_with_emoji_codes():
    raw = ("回复<a href='/n/张三'>@张三</a>:社区\u200b食堂&nbsp;什么时候<br />恢复？"
           '<span class="url-icon"><img alt="[疑问]" src="x.png" /></span><img alt=[怒] src=x.png /> 😂 𠮷')
    assert html_to_text(raw) == "回复@张三:社区食堂 什么时候\n恢复？[疑问][怒] 😂 𠮷"


def test_invisible_characters_go_but_emoji_sequences_stay_whole():
    assert html_to_text("社区\u200b食堂\u2060\ufeff开\u00ad门") == "社区食堂开门"
    assert html_to_text("叹气😮\u200d💨 家庭👨\u200d👩\u200d👧 ZWNJ a\u200cb") == "叹气😮\u200d💨 家庭👨\u200d👩\u200d👧 ZWNJ a\u200cb"


def test_script_and_style_never_reach_the_text():
    assert html_to_text("<p>低保<script>alert('x')</script>申请</p><style>p{}</style>") == "低保申请"


def test_counts_as_platforms_show_them():
    assert [parse_count(v) for v in (23, "23", "1.2万", "10万+", "3亿", "1,234", "", None, "很多")] == [
        23, 23, 12000, 100000, 300000000, 1234, None, None, None]


def test_a_page_that_says_gb2312_is_decoded_as_gb18030():
    body = '<meta charset="gb2312">朱镕基 吉喆 王堃～'.encode("gb18030")
    assert "镕" in decode_bytes(body, "gb2312") and "堃～" in decode_bytes(body, "GBK")
    assert decode_bytes(body, None, override="gb18030").endswith("王堃～")


def test_user_ids_are_hashed_and_regions_stripped():
    assert hash_user_id("weibo", 7000000001) == hash_user_id("weibo", "7000000001") != hash_user_id("douyin", 7000000001)
    assert hash_user_id("weibo", None) is None
    scrubbed = scrub_ids({"user": {"id": 1, "screen_name": "小王"}, "openid": "o1", "text": "x"}, "weibo")
    assert scrubbed["user"]["screen_name"] == "小王" and scrubbed["user"]["id"] != 1 and scrubbed["openid"] != "o1"
    assert strip_region("来自江苏") == "江苏"
    assert content_hash("a", "b  c") == content_hash("a", "b c") != content_hash("a", "bc")
