"""Shapes and quirks of each route: cursors, signatures, encodings, big ints, previews, edits."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlencode

from crawlers.sandbox import SandboxServer

from .conftest import Client
from .crawl import WechatSession, _signed_douyin, liuyan_body


def _weibo_post(sandbox: SandboxServer, index: int = 0) -> str:
    return [t for t in sandbox.sources["weibo"].store.thread_list() if not t.pinned][index].tid


def test_weibo_max_id_type_flips_and_wrong_type_is_rejected(sandbox: SandboxServer, client: Client) -> None:
    mid = _weibo_post(sandbox)
    first = client.get("/weibo/comments/hotflow", {"id": mid, "mid": mid, "max_id_type": 0}).json()
    assert first["ok"] == 1 and first["data"]["max_id_type"] == 0
    second = client.get("/weibo/comments/hotflow", {"id": mid, "mid": mid, "max_id": first["data"]["max_id"],
                                                    "max_id_type": 0}).json()
    assert second["data"]["max_id_type"] == 1
    cursor = second["data"]["max_id"]
    rejected = client.get("/weibo/comments/hotflow", {"id": mid, "mid": mid, "max_id": cursor, "max_id_type": 0}).json()
    assert rejected["ok"] == 0
    third = client.get("/weibo/comments/hotflow", {"id": mid, "mid": mid, "max_id": cursor, "max_id_type": 1}).json()
    assert third["ok"] == 1 and third["data"]["max_id"] == "0"  # this post ends with the string "0"
    ends = {repr(type(client.get("/weibo/comments/hotflow", {"id": t, "mid": t}).json()["data"]["max_id"]))
            for t in (_weibo_post(sandbox, 2), _weibo_post(sandbox, 1))}
    assert ends == {"<class 'int'>", "<class 'str'>"}


def test_weibo_child_flow_has_no_data_wrapper_and_a_big_thread(sandbox: SandboxServer, client: Client) -> None:
    page = client.get("/weibo/comments/hotflow", {"id": _weibo_post(sandbox)}).json()["data"]["data"]
    big = next(c for c in page if c["total_number"] >= 25)
    assert len(big["comments"]) == 2 and any(c["comments"] is False for c in page)
    child = client.get("/weibo/comments/hotFlowChild", {"cid": big["id"], "max_id": 0, "max_id_type": 0}).json()
    assert isinstance(child["data"], list) and child["rootComment"][0]["id"] == big["id"]
    assert child["total_number"] == big["total_number"] and child["max_id"] != 0
    html = "".join(c["text"] for c in page)
    assert '<img alt="[心]"' in html and "\u200b" in html and "&nbsp;" in html and "<a href='/n/" in html
    assert re.fullmatch(r"\w{3} \w{3} \d\d \d\d:\d\d:\d\d \+0800 \d{4}", page[0]["created_at"])


def test_weibo_timeline_pinned_long_text_and_legacy_times(sandbox: SandboxServer, client: Client) -> None:
    cards = client.get("/weibo/api/container/getIndex", {"containerid": "1076037712345678"}).json()["data"]["cards"]
    assert cards[0]["mblog"]["isTop"] == 1 and cards[1]["mblog"]["created_at"] > ""
    long_post = next(c["mblog"] for c in cards if c["mblog"]["isLongText"])
    assert long_post["text"].endswith("全文</a>")
    full = client.get("/weibo/statuses/extend", {"id": long_post["id"]}).json()["data"]["longTextContent"]
    assert len(full) > len(long_post["text"]) - 40
    shown = client.get("/weibo/api/comments/show", {"id": _weibo_post(sandbox), "page": 1}).json()["data"]
    times = [c["created_at"] for c in shown["data"]]
    assert times[:3] == ["刚刚", "21秒前", "5分钟前"] and "3小时前" in times and shown["max"] == 3
    older = [c["created_at"] for p in (2, 3)
             for c in client.get("/weibo/api/comments/show", {"id": _weibo_post(sandbox), "page": p}).json()["data"]["data"]]
    assert any(t.startswith("昨天 ") for t in times + older) and any(re.fullmatch(r"\d\d-\d\d", t) for t in older)


def test_wechat_key_expires_and_article_exposes_comment_id(client: Client) -> None:
    key = client.get("/wechat/__key", {"calls": 2}).json()["key"]
    home = client.get("/wechat/mp/homepage", {"__biz": "MzA5NjE2MDAxMQ=="}).text
    pages = [client.get(h.replace("&amp;", "&")).text for h in re.findall(r'href="(/wechat/s\?[^"]+)"', home)]
    ids = [re.search(r"var comment_id = '(\d+)' \|\| '0';", p).group(1) for p in pages]
    assert "0" in ids
    mid = re.search(r"var appmsgid = '(\d+)'", pages[0]).group(1)
    params = {"action": "getcomment", "__biz": "MzA5NjE2MDAxMQ==", "appmsgid": mid, "idx": 1, "comment_id": ids[0],
              "buffer": "", "key": key, "f": "json"}
    assert [client.get("/wechat/mp/appmsg_comment", params).json()["base_resp"]["ret"] for _ in range(3)] == [0, 0, -3]
    data = WechatSession(client).call({k: v for k, v in params.items() if k != "key"})
    assert data["continue_flag"] is True and data["buffer"]
    com = data["elected_comment"][0]
    assert isinstance(com["content_id"], str) and "reply_new" in com and isinstance(com["create_time"], int)


def test_douyin_requires_a_bogus_and_serves_one_empty_page(sandbox: SandboxServer, client: Client) -> None:
    aweme = sandbox.sources["douyin"].store.thread_list()[0].tid
    path = "/douyin/aweme/v1/web/comment/list/"
    assert client.get(path, {"aweme_id": aweme, "cursor": 0, "count": 20}).body == b""
    assert client.get(path, {"aweme_id": aweme, "cursor": 0, "count": 20, "a_bogus": "sandbox-sign:bad"}).body == b""
    params = {"aweme_id": aweme, "cursor": 0, "count": 20, "device_platform": "webapp"}
    pairs = urlencode(sorted((k, str(v)) for k, v in params.items()))
    signed = {**params, "a_bogus": "sandbox-sign:" + hashlib.md5(pairs.encode()).hexdigest()}
    first = client.get(path, signed).json()
    assert first["has_more"] == 1 and len(first["comments"]) == 20 and isinstance(first["comments"][0]["cid"], str)
    assert any(c["text"] == "" and c["image_list"] for c in first["comments"])
    assert first["extra"]["now"] > 10**12
    empty = client.get(path, _signed_douyin({"aweme_id": aweme, "cursor": 20, "count": 20})).json()
    assert empty["comments"] is None and empty["has_more"] == 1 and empty["cursor"] == 20
    again = client.get(path, _signed_douyin({"aweme_id": aweme, "cursor": 20, "count": 20})).json()
    assert len(again["comments"]) == 20


def test_toutiao_bare_big_ints_script_and_malformed_record(sandbox: SandboxServer, client: Client) -> None:
    group = sandbox.sources["toutiao"].store.thread_list()[0].tid
    reply = client.get("/toutiao/article/v4/tab_comments/", {"group_id": group, "offset": 0, "count": 20})
    assert re.search(rb'"id":7\d{18},', reply.body)
    items = reply.json()["data"]
    assert len(items) == 21 and sum("id_str" not in i["comment"] for i in items) == 1
    assert any("<script>" in i["comment"]["text"] for i in items)
    good = next(i["comment"] for i in items if "id_str" in i["comment"])
    assert good["id"] == int(good["id_str"]) and good["id"] > 2**53


def test_liuyan_signature_accepted_and_rejected(client: Client) -> None:
    param = {"fid": "559", "showUnAnswer": 1, "typeId": 5, "lastItem": "", "position": "0", "rows": 10, "orderType": 2}
    body = liuyan_body("/v1/threads/list/df", param)
    rows = client.post_json("/liuyan/v1/threads/list/df", body).json()["resultData"]["data"]
    assert len(rows) == 10
    assert client.post_json("/liuyan/v1/threads/list/df", {**body, "signature": "0" * 32}).json() == \
        {"code": "SN0006", "msg": "数据格式错误"}
    assert client.post_json("/liuyan/v1/threads/list/df", liuyan_body("/liuyan/v1/threads/list/df", param)).json()["code"] == "SN0006"
    assert client.post_json("/liuyan/v1/threads/list/df", liuyan_body("/v1/threads/list/df", param, "OTHER")).json()["code"] == "SN0006"
    older = client.post_json("/liuyan/v1/threads/list/df", liuyan_body(
        "/v1/threads/list/df", {**param, "lastItem": str(rows[-1]["tid"])})).json()["resultData"]["data"]
    assert older and older[0]["tid"] < rows[-1]["tid"]
    answered = next(r for r in older if r["answerOrganization"])
    detail = client.post_json("/liuyan/v1/threads/content",
                              liuyan_body("/v1/threads/content", {"tid": str(answered["tid"]), "fromTrash": 0})).json()
    parts = detail["resultData"]["contentList"]
    assert [p["dataType"] for p in parts] == [1, 4] and parts[1]["organization"]
    assert parts[0]["content"].startswith(answered["content"].removesuffix("..."))


def test_liuyan_legacy_is_post_only_with_previews(client: Client) -> None:
    assert client.get("/liuyan/threads/queryThreadsList", {"fid": 9001}).status == 405
    rows = client.post_form("/liuyan/threads/queryThreadsList", {"fid": 9001, "state": 1, "lastItem": 0}).json()
    assert rows["success"] is True and len(rows["responseData"]) == 10
    assert all(r["content"].endswith("...") for r in rows["responseData"] if len(r["content"]) > 40)
    full = client.get("/liuyan/threads/content", {"tid": rows["responseData"][0]["tid"]}).text
    assert 'class="content"' in full


def test_gov_boards_jpage_jact_gbk_and_wenzheng(client: Client) -> None:
    text = client.post_form("/gov/module/web/jpage/dataproxy.jsp", {"columnid": 1234},
                            {"startrecord": 1, "endrecord": 45, "perpage": 15}).text
    records = re.findall(r"<record><!\[CDATA\[(.*?)\]\]></record>", text)
    assert len(records) == 41 and "art_" not in records[-1] and "totalRecord:40" in text
    detail = client.get(re.search(r'href="(/gov/art/[^"]+)"', records[0]).group(1))
    assert detail.status == 200 and 'id="zoom"' in detail.text and "&ldquo;" in detail.text
    js = client.post_form("/gov/jact/front/dataproxy_mailpublist.do", {"sysid": 84},
                          {"startrecord": 1, "endrecord": 57, "perpage": 19}).text
    objid = re.search(r"objid=(\d+)", js).group(1)
    page = client.get("/gov/jact/front/mailpubdetail.do", {"sysid": 84, "objid": objid})
    assert b"charset=gb2312" in page.body and "gb2312" in page.headers["content-type"]
    decoded = page.body.decode("gbk")
    assert all(ch in decoded for ch in "镕喆堃")
    for ch in "镕喆堃":
        assert ch.encode("gbk") in page.body
        try:
            ch.encode("gb2312")
            raise AssertionError(f"{ch} should not be in GB2312")
        except UnicodeEncodeError:
            pass
    assert client.get("/gov/jact/front/mailpubdetail.do", {"objid": "1"}).status == 302
    wz = client.get("/wz/political/index/politicsNewest", {"id": 1, "page": 1}).text
    wid = re.search(r'<span class="state1">(\d+)</span>', wz).group(1)
    wd = client.get("/wz/political/politics/index", {"id": wid}).text
    assert "<pre>" in wd and re.search(r"\d{4}年\d\d月\d\d日 \d\d:\d\d", wd)


def test_rednet_wuhan_hotline(sandbox: SandboxServer, client: Client) -> None:
    form_rows = client.post_form("/rednet/front/msg/list", {"page": 1, "page_num": 20}).json()["data"]["rows"]
    json_rows = client.post_json("/rednet/front/msg/list", {"page": 1, "page_num": 20}).json()["data"]["rows"]
    assert form_rows == json_rows and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", json_rows[0]["created_at"])
    sizes = [len(client.get("/rednet/front/msg/detail", {"id": r["id"]}).body) for r in json_rows[:6]]
    assert max(sizes) > 1_000_000
    rows = client.post_form("/wuhan/messageboard/internetUserInterface/selectThreadsByGroup",
                            {"pageSize": 50, "pageNum": 1, "handleState": 3}).json()["rows"]
    one = client.post_form("/wuhan/messageboard/internetUserInterface/selectThreadsOne", {"tid": rows[0]["queryCode"]}).json()
    assert one["threadsObj"]["answersList"][0]["organization"]
    orders = client.get("/hotline/public/list", {"page": 1, "size": 50}).json()["data"]["list"]
    assert {o["category"] for o in orders} == {"咨询", "求助", "建议", "投诉", "举报"}
    assert any(o["urgent"] for o in orders) and any(re.fullmatch(r"\d{4}-\d\d-\d\d 18:00", o.get("deadline", "")) for o in orders)
    assert any("、" in o["handleDept"] for o in orders)
    detail = client.get("/hotline/public/detail", {"orderNo": orders[0]["orderNo"]}).json()["data"]
    assert re.search(r"1\d\d\*{4}\d{4}", detail["contactPhone"]) and detail["flow"][0]["node"] == "受理"
    republished = [o for o in orders if client.get("/hotline/public/detail", {"orderNo": o["orderNo"]}).json()["data"]["version"]]
    assert len(republished) == 1 and republished[0]["acceptTime"] < orders[0]["acceptTime"]


def test_edit_changes_text_on_refetch(sandbox: SandboxServer, client: Client) -> None:
    order = sandbox.manifest()["hotline_12345"][0]
    sandbox.edit("hotline_12345", order, "修改后的诉求：楼道灯坏了")
    assert "修改后的诉求" in client.get("/hotline/public/detail", {"orderNo": order}).json()["data"]["appeal"]
    mid = _weibo_post(sandbox)
    top = client.get("/weibo/comments/hotflow", {"id": mid}).json()["data"]["data"][0]["id"]
    sandbox.edit("weibo", top, "已编辑的评论内容")
    assert "已编辑的评论内容" in client.get("/weibo/comments/hotflow", {"id": mid}).json()["data"]["data"][0]["text"]
