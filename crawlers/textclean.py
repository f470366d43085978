"""Text hygiene shared by every spider and importer: HTML -> text, counts like 1.2万, GBK decoding, user-id hashing."""

from __future__ import annotations

import hashlib
import html
import json
import re
from typing import Any

_SCRIPT = re.compile(r"<(script|style|noscript|template)\b.*?(?:</\1\s*>|$)", re.S | re.I)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_IMG = re.compile(r"""<img\b[^>]*?\balt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>""", re.I)
_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/tr|/h\d)\b[^>]*>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>|<![^<>]*>")
# zero-width space, word joiner, BOM, soft hyphen; not ZWNJ/ZWJ (U+200C/U+200D), which emoji sequences like 😮‍💨 need
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\r\f\v\u3000\xa0]+")
_COUNT = re.compile(r"^\s*([\d,]+(?:\.\d+)?)\s*(万|w|W|亿|千|k|K)?\s*\+?\s*$")
_UNIT = {"万": 10_000, "w": 10_000, "W": 10_000, "亿": 100_000_000, "千": 1_000, "k": 1_000, "K": 1_000}
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "gb_2312-80", "x-gbk", "csgb2312", "euc-cn"}
_PERSONAL_KEYS = {"uid", "userid", "user_id", "openid", "unionid", "sec_uid", "idstr", "fakeid"}
_MOJIBAKE = ("\ufffd", "锟斤拷")
HASH_PEPPER = "yuqing-author:"


def html_to_text(markup: Any) -> str:
    """Plain text of (possibly) HTML: emoji images become their alt ([心]), scripts vanish, entities decode, spaces tidy.

    Invisible U+200B/U+2060/U+FEFF/U+00AD are removed; U+200C/U+200D are kept (emoji ZWJ sequences stay whole)."""
    if markup is None:
        return ""
    text = str(markup)
    if "<" in text:
        text = _SCRIPT.sub("", text)
        text = _COMMENT.sub("", text)
        text = _IMG.sub(lambda m: next((g for g in m.groups() if g is not None), ""), text)
        text = _BREAK.sub("\n", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    text = text.translate(_INVISIBLE)
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def parse_count(value: Any) -> int | None:
    """Counts as platforms show them: 23, "23", "1.2万", "10万+", "3亿", "1,234" -> int; anything else -> None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value)
    m = _COUNT.match(str(value))
    if not m:
        return None
    number = float(m.group(1).replace(",", ""))
    return int(round(number * _UNIT.get(m.group(2) or "", 1)))


def strip_region(value: Any) -> str | None:
    """"来自江苏" -> "江苏"; " 江苏省 南京市" -> "江苏省 南京市"; empty -> None."""
    if value is None:
        return None
    text = html_to_text(value).removeprefix("来自").replace("IP属地：", "").replace("IP属地:", "").strip()
    return text or None


def codec_for(declared: str | None) -> str | None:
    """The codec to decode a declared charset with: the GB family always as gb18030 (pages that say gb2312 lie)."""
    if not declared:
        return None
    name = declared.strip().strip("\"'").lower()
    return "gb18030" if name in _GB_FAMILY else name


def decode_bytes(body: bytes, declared: str | None = None, override: str | None = None) -> str:
    """Text of `body`: the per-source override, else the declared charset (GB family as gb18030), else UTF-8, else detection."""
    for name in (codec_for(override), codec_for(declared), "utf-8"):
        if not name:
            continue
        try:
            return body.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(body).best()
    if best is not None and best.encoding:
        return body.decode(codec_for(best.encoding) or best.encoding, errors="replace")
    return body.decode("gb18030", errors="replace")


def mojibake_share(text: str) -> float:
    """Share of replacement characters / 锟斤拷 in `text` (flags a wrong decoding)."""
    if not text:
        return 0.0
    return sum(text.count(m) * len(m) for m in _MOJIBAKE) / len(text)


def hash_user_id(platform: str, user_id: Any) -> str | None:
    """A stable, non-reversible stand-in for a platform user id (we keep the nickname as shown, not the id)."""
    if user_id is None or str(user_id).strip() in ("", "0"):
        return None
    return hashlib.sha256(f"{HASH_PEPPER}{platform}:{user_id}".encode()).hexdigest()


def scrub_ids(payload: Any, platform: str) -> Any:
    """A copy of a raw payload whose user-id fields (user.id, openid, userId, ...) are replaced by their hashes."""
    if isinstance(payload, dict):
        out = {}
        for key, value in payload.items():
            if isinstance(value, (dict, list)):
                out[key] = scrub_ids(value, platform)
                if key == "user" and isinstance(value, dict) and "id" in value:
                    out[key]["id"] = hash_user_id(platform, value["id"])
            elif key.lower() in _PERSONAL_KEYS:
                out[key] = hash_user_id(platform, value)
            else:
                out[key] = value
        return out
    if isinstance(payload, list):
        return [scrub_ids(v, platform) for v in payload]
    return payload


def content_hash(*parts: Any) -> str:
    """sha1 of the normalised text parts (edit detection: same id, different hash = edited)."""
    joined = "\x1f".join(re.sub(r"\s+", " ", str(p or "")).strip() for p in parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()


def loads_exact(text: str | bytes) -> Any:
    """JSON with ints kept exact (Python ints are arbitrary precision; floats only where the payload has them)."""
    return json.loads(text)
