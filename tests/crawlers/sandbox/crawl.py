"""Minimal reference crawlers for every sandbox source (what a spider must do), used to check paging against the manifest."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from urllib.parse import urlencode

from crawlers.sandbox.liuyan import APP_CODE

from .conftest import Client

MAX_PAGES = 200


def _signed_douyin(params: dict[str, object]) -> dict[str, object]:
    pairs = sorted((k, str(v)) for k, v in params.items())
    return {**params, "a_bogus": "sandbox-sign:" + hashlib.md5(urlencode(pairs).encode()).hexdigest()}


def liuyan_body(path: str, param: dict[str, object], app_code: str = APP_CODE, token: str = "") -> dict[str, str]:
    """A signed liuyan v1 body: md5(path + param + md5(appCode)[:16] + token)."""
    text = json.dumps(param, ensure_ascii=False, separators=(",", ":"))
    key = hashlib.md5(app_code.encode()).hexdigest()[:16]
    return {"appCode": app_code, "token": token, "param": text,
            "signature": hashlib.md5((path + text + key + token).encode()).hexdigest()}


def crawl_weibo(c: Client) -> set[str]:
    ids: set[str] = set()
    mids, since = [], None
    for _ in range(MAX_PAGES):
        data = c.get("/weibo/api/container/getIndex", {"containerid": "1076037712345678", **({"since_id": since} if since else {})}).json()["data"]
        mids += [card["mblog"]["mid"] for card in data["cards"]]
        since = data["cardlistInfo"].get("since_id")
        if not since:
            break
    for mid in mids:
        max_id, max_type = 0, 0
        for _ in range(MAX_PAGES):
            params = {"id": mid, "mid": mid, "max_id_type": max_type, **({"max_id": max_id} if max_id else {})}
            data = c.get("/weibo/comments/hotflow", params).json()["data"]
            for com in data["data"]:
                ids.add(com["id"])
                if com["total_number"]:
                    ids |= _weibo_children(c, com["id"])
            max_id, max_type = data["max_id"], data["max_id_type"]
            if max_id in (0, "0"):
                break
    return ids


def _weibo_children(c: Client, cid: str) -> set[str]:
    ids, max_id = set(), 0
    for _ in range(MAX_PAGES):
        page = c.get("/weibo/comments/hotFlowChild", {"cid": cid, "max_id": max_id, "max_id_type": 0}).json()
        ids |= {com["id"] for com in page["data"]}
        max_id = page["max_id"]
        if max_id in (0, "0"):
            return ids
    raise AssertionError("hotFlowChild did not end")


class WechatSession:
    """Holds a key and renews it on ``no session``."""

    def __init__(self, c: Client) -> None:
        self.c, self.key = c, ""

    def call(self, params: dict[str, object]) -> dict[str, object]:
        for _ in range(3):
            if not self.key:
                self.key = self.c.get("/wechat/__key").json()["key"]
            data = self.c.get("/wechat/mp/appmsg_comment", {**params, "key": self.key, "f": "json"}).json()
            if data["base_resp"]["ret"] != -3:
                return data
            self.key = ""
        raise AssertionError("could not get a session")


def crawl_wechat(c: Client) -> set[str]:
    ids: set[str] = set()
    session = WechatSession(c)
    home = c.get("/wechat/mp/homepage", {"__biz": "MzA5NjE2MDAxMQ=="}).text
    for href in re.findall(r'href="(/wechat/s\?[^"]+)"', home):
        page = c.get(href.replace("&amp;", "&")).text
        comment_id = re.search(r"var comment_id = '(\d+)' \|\| '0';", page).group(1)
        mid = re.search(r"var appmsgid = '(\d+)'", page).group(1)
        if comment_id == "0":
            continue
        base = {"__biz": "MzA5NjE2MDAxMQ==", "appmsgid": mid, "idx": 1, "comment_id": comment_id}
        buffer = ""
        for _ in range(MAX_PAGES):
            data = session.call({**base, "action": "getcomment", "buffer": buffer, "limit": 10})
            for com in data["elected_comment"]:
                ids.add(com["content_id"])
                after = 0
                while com["reply_new"]["reply_total_cnt"]:
                    rep = session.call({**base, "action": "getcommentreply", "content_id": com["content_id"],
                                        "max_reply_id": after, "limit": 3})
                    ids |= {f"{com['content_id']}_{r['reply_id']}" for r in rep["reply_list"]["reply_list"]
                            if not r["is_deleted"]}
                    after = rep["reply_list"]["max_reply_id"]
                    if not rep["continue_flag"]:
                        break
            if not data["continue_flag"]:
                break
            buffer = data["buffer"]
    return ids


def _douyin_pages(c: Client, path: str, params: dict[str, object]) -> list[dict[str, object]]:
    out, cursor, empty_retries = [], 0, 0
    for _ in range(MAX_PAGES):
        page = c.get(path, _signed_douyin({**params, "cursor": cursor, "count": 20})).json()
        comments = page["comments"] or []
        if not comments and page["has_more"] and page["cursor"] == cursor:
            empty_retries += 1
            assert empty_retries <= 3, "cursor stuck"
            continue
        out += comments
        cursor = page["cursor"]
        if not page["has_more"]:
            return out
    raise AssertionError("douyin paging did not end")


def crawl_douyin(c: Client) -> set[str]:
    ids: set[str] = set()
    awemes = c.get("/douyin/aweme/v1/web/aweme/post/",
                   _signed_douyin({"sec_user_id": "MS4wLjABAAAAsandbox-minzheng-0001", "max_cursor": 0, "count": 18})).json()
    for aweme in awemes["aweme_list"]:
        for com in _douyin_pages(c, "/douyin/aweme/v1/web/comment/list/", {"aweme_id": aweme["aweme_id"]}):
            ids.add(com["cid"])
            if com["reply_comment_total"]:
                ids |= {r["cid"] for r in _douyin_pages(c, "/douyin/aweme/v1/web/comment/list/reply/",
                                                         {"item_id": aweme["aweme_id"], "comment_id": com["cid"]})}
    return ids


def crawl_toutiao(c: Client) -> set[str]:
    ids: set[str] = set()
    feed = c.get("/toutiao/api/pc/list/user/feed", {"token": "MS4wLjABAAAAtoutiao-sandbox-minzheng", "max_behot_time": 0}).json()
    for article in feed["data"]:
        offset = 0
        for _ in range(MAX_PAGES):
            page = c.get("/toutiao/article/v4/tab_comments/", {"group_id": article["group_id"], "offset": offset, "count": 20}).json()
            for item in page["data"]:
                com = item["comment"]
                if "id_str" not in com:
                    continue
                ids.add(com["id_str"])
                reply_offset = 0
                while com["reply_count"]:
                    rep = c.get("/toutiao/2/comment/v4/reply_list/", {"id": com["id_str"], "offset": reply_offset}).json()["data"]
                    ids |= {r["id_str"] for r in rep["data"]}
                    reply_offset = rep["offset"]
                    if not rep["has_more"]:
                        break
            offset = page["offset"]
            if not page["has_more"]:
                break
    return ids


def crawl_gov_jpage(c: Client) -> set[str]:
    ids: set[str] = set()
    start = 1
    for _ in range(MAX_PAGES):
        text = c.post_form("/gov/module/web/jpage/dataproxy.jsp", {"col": 1, "appid": 1, "webid": 1, "columnid": 1234},
                           {"startrecord": start, "endrecord": start + 44, "perpage": 15}).text
        ids |= set(re.findall(r"art_\d+_(\d+)\.html", text))
        total = int(re.search(r"totalRecord:(\d+)", text).group(1))
        start += 45
        if start > total:
            return ids
    raise AssertionError("jpage did not end")


def crawl_gov_jact(c: Client) -> set[str]:
    ids: set[str] = set()
    start = 1
    for _ in range(MAX_PAGES):
        text = c.post_form("/gov/jact/front/dataproxy_mailpublist.do", {"sysid": 84},
                           {"startrecord": start, "endrecord": start + 56, "perpage": 19, "groupSize": 3}).text
        rows = json.loads(text.split("dataStore = ", 1)[1].strip().rstrip(";"))
        ids |= {re.search(r"objid=(\d+)", row).group(1) for row in rows}
        start += 57
        if start > int(re.search(r"totalRecord = (\d+);", text).group(1)):
            return ids
    raise AssertionError("jact did not end")


def crawl_gov_wenzheng(c: Client) -> set[str]:
    ids: set[str] = set()
    for page in range(1, MAX_PAGES):
        text = c.get("/wz/political/index/politicsNewest", {"id": 1, "page": page}).text
        ids |= set(re.findall(r'<span class="state1">(\d+)</span>', text))
        if "下一页" not in text:
            return ids
    raise AssertionError("wenzheng did not end")


def crawl_liuyan_legacy(c: Client) -> set[str]:
    ids: set[str] = set()
    last = 0
    for _ in range(MAX_PAGES):
        rows = c.post_form("/liuyan/threads/queryThreadsList", {"fid": 9001, "state": 1, "lastItem": last}).json()["responseData"]
        ids |= {str(r["tid"]) for r in rows}
        if len(rows) < 10:
            return ids
        last = rows[-1]["tid"]
    raise AssertionError("liuyan legacy did not end")


def crawl_liuyan_api(c: Client) -> set[str]:
    ids: set[str] = set()
    last = ""
    for _ in range(MAX_PAGES):
        param = {"fid": "559", "showUnAnswer": 1, "typeId": 5, "lastItem": last, "position": "0", "rows": 10, "orderType": 2}
        rows = c.post_json("/liuyan/v1/threads/list/df", liuyan_body("/v1/threads/list/df", param)).json()["resultData"]["data"]
        ids |= {str(r["tid"]) for r in rows}
        if len(rows) < 10:
            return ids
        last = str(rows[-1]["tid"])
    raise AssertionError("liuyan api did not end")


def crawl_rednet(c: Client) -> set[str]:
    ids: set[str] = set()
    for page in range(1, MAX_PAGES):
        data = c.post_json("/rednet/front/msg/list", {"is_list": 1, "page": page, "page_num": 20}).json()["data"]
        ids |= {str(r["id"]) for r in data["rows"]}
        if page * 20 >= data["total"]:
            return ids
    raise AssertionError("rednet did not end")


def crawl_wuhan_board(c: Client) -> set[str]:
    ids: set[str] = set()
    for page in range(1, MAX_PAGES):
        data = c.post_form("/wuhan/messageboard/internetUserInterface/selectThreadsByGroup",
                           {"pageSize": 20, "pageNum": page, "fid": "", "handleState": 1}).json()
        ids |= {r["queryCode"] for r in data["rows"]}
        if page * 20 >= data["total"]:
            return ids
    raise AssertionError("wuhan did not end")


def crawl_hotline_12345(c: Client) -> set[str]:
    ids: set[str] = set()
    for page in range(1, MAX_PAGES):
        data = c.get("/hotline/public/list", {"page": page, "size": 20}).json()["data"]
        ids |= {r["orderNo"] for r in data["list"]}
        if page * 20 >= data["total"]:
            return ids
    raise AssertionError("hotline did not end")


CRAWLERS: dict[str, Callable[[Client], set[str]]] = {
    "weibo": crawl_weibo, "wechat_mp": crawl_wechat, "douyin": crawl_douyin, "toutiao": crawl_toutiao,
    "gov_jpage": crawl_gov_jpage, "gov_jact": crawl_gov_jact, "gov_wenzheng": crawl_gov_wenzheng,
    "liuyan_legacy": crawl_liuyan_legacy, "liuyan_api": crawl_liuyan_api, "rednet": crawl_rednet,
    "wuhan_board": crawl_wuhan_board, "hotline_12345": crawl_hotline_12345,
}
