"""HTTP 200 is not success: empty bodies and Douyin's literal `blocked` are blocks, HTML where JSON was expected is transient."""

from __future__ import annotations

from crawlers.bodies import Verdict, html_complete, parse_json_body


def test_an_empty_body_or_the_literal_blocked_is_a_block_signal_not_an_empty_list():
    for body in (b"", b"  \n", b"blocked", b"blocked\n", b'"blocked"'):
        judgement, data = parse_json_body(body)
        assert judgement.verdict is Verdict.BLOCK and data is None, body


def test_an_html_error_page_is_transient_and_a_login_page_stops_the_source():
    assert parse_json_body("<html><body>出错了，未知错误</body></html>".encode())[0].verdict is Verdict.TRANSIENT
    assert parse_json_body("<html>请先登录</html>".encode())[0].verdict is Verdict.LOGIN
    judgement, data = parse_json_body(b'cb({"ok": 1, "id": 7312345678901234567})')
    assert judgement.ok and data["id"] == 7312345678901234567  # JSONP unwrapped, ids exact


def test_a_page_cut_off_before_its_end_is_not_complete():
    assert html_complete(b"<html><body>x</body></html>\n")
    assert not html_complete(b"<html><body>half a lett")
