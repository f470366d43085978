"""One normalisation for every text before it is stored or featurised: simplified, half-width, de-noised, masked."""

from __future__ import annotations

import html
import re

from zhconv import zhconv as _zhconv

PHONE_MASK = "〈电话〉"
ID_MASK = "〈身份证号〉"
# ends the title in a model input (with_title): a private-use character, removed from the raw title and text
TITLE_END = "\ue01e"

_TAG = re.compile(r"</?[A-Za-z!][^<>]{0,500}>")
_URL = r"(?:https?://|www\.)[\w\-.~:/?#\[\]@!$&'()*+,;=%]+"
# @mentions end at a colon, whitespace, punctuation or the end (Weibo puts a space or colon after a name)
_MENTION = r"@[\w\-·\u4e00-\u9fff]{1,30}(?:[:：]|(?=[\s,，.。!！?？)）]|$))"
_EMOJI_CODE = r"\[[\u4e00-\u9fffA-Za-z]{1,8}\]|(?<![\w:]):[a-z_]{2,30}:(?![\w:])"
_EMOJI = "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\u20e3]"
_CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]"
_NOISE = re.compile("|".join((_URL, _MENTION, _EMOJI_CODE, _EMOJI, _CONTROL)), re.IGNORECASE)
_LONG_NUMBER = re.compile(r"\d[\d\- ]{6,}")  # only texts with one may hold a phone or ID number
_ID = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<![0-9])(?:(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}|0\d{2,3}-?\d{7,8})(?![0-9])")
# full-width ASCII (U+FF01..U+FF5E) -> ASCII, ideographic space -> space
_HALF_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# characters zhconv converts on their own: a text with none of them is already simplified (the usual case),
# and the pure-Python converter is skipped (it would cost more than segmentation)
_TRADITIONAL = frozenset(k for k, v in _zhconv.getdict("zh-hans").items() if len(k) == 1 and v != k)
# ... and the few phrases zhconv converts although none of their characters is converted alone (回覆 -> 回复)
_TRADITIONAL_PHRASES = re.compile(
    "|".join(
        re.escape(k)
        for k, v in sorted(_zhconv.getdict("zh-hans").items(), key=lambda kv: -len(kv[0]))
        if len(k) > 1 and v != k and _TRADITIONAL.isdisjoint(k)
    )
)


def to_simplified(text: str) -> str:
    """Traditional -> simplified Chinese (zhconv, zh-hans)."""
    if _TRADITIONAL.isdisjoint(text) and not _TRADITIONAL_PHRASES.search(text):
        return text
    return _zhconv.convert(text, "zh-hans")


def _normalise_part(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    text = _NOISE.sub(" ", text.translate(_HALF_WIDTH))
    if _LONG_NUMBER.search(text):
        text = _PHONE.sub(PHONE_MASK, _ID.sub(ID_MASK, text))
    return " ".join(to_simplified(text).split())


def normalise(text: str) -> str:
    """Traditional -> simplified, full -> half width, HTML/URLs/@mentions/emoji removed, phone and ID numbers masked.

    Idempotent: normalise(normalise(x)) == normalise(x). Non-str input (bytes, None) is decoded or treated as empty.
    A model input made by with_title() keeps its title mark, title and body each normalised.
    """
    if not isinstance(text, str):
        text = text.decode("utf-8", errors="replace") if isinstance(text, (bytes, bytearray)) else ""
    if not text:
        return ""
    if TITLE_END not in text:
        return _normalise_part(text)
    title, body = split_title(text)
    title, body = _normalise_part(title), _normalise_part(body)
    return f"{title}{TITLE_END}{body}" if title else body


def with_title(title: "str | None", text: str) -> str:
    """The model's input for a message with a title: title, TITLE_END, body. No title: the text unchanged.

    Letters to a mailbox name their matter in the title ("关于某小区低保评议不公开的投诉") and tell the story in the
    body, so the model reads the title twice: as its own feature block (title_view) and within the text (body_view).
    """
    title = (title or "").replace(TITLE_END, "").strip()
    text = (text or "").replace(TITLE_END, "")
    return f"{title}{TITLE_END}{text}" if title else text


def split_title(doc: str) -> tuple[str, str]:
    """(title, body) of a model input; ("", doc) when it has no title. Marks beyond the first are dropped."""
    title, mark, body = doc.partition(TITLE_END)
    if not mark:
        return "", doc
    return title, body.replace(TITLE_END, "")


def body_view(docs: "list[str] | tuple[str, ...]") -> list[str]:
    """The whole message as one text, the title counting twice (once when the body already opens with it)."""
    out = []
    for doc in docs:
        title, body = split_title(doc)
        out.append(body if not title else f"{title} {body}" if body.startswith(title) else f"{title} {title} {body}")
    return out


def title_view(docs: "list[str] | tuple[str, ...]") -> list[str]:
    """The title alone ("" for messages without one)."""
    return [split_title(doc)[0] for doc in docs]


def normalise_all(texts: "list[str] | tuple[str, ...]") -> list[str]:
    """normalise() over a sequence (the Pipeline's first step)."""
    return [normalise(t) for t in texts]
