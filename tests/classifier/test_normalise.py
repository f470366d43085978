"""normalise(): simplified, half-width, noise removed, phone and ID numbers masked, idempotent."""

from __future__ import annotations

import pytest

from classifier.normalise import ID_MASK, PHONE_MASK, normalise


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("我們村的低保戶領取臨時救助", "我们村的低保户领取临时救助"),
        ("ＡＢＣ１２３，請問", "ABC123,请问"),
        ("<p>高龄津贴&nbsp;<b>没到账</b></p>", "高龄津贴 没到账"),
        ("看这里 https://weibo.com/123?a=1 和 www.example.cn/x 吧", "看这里 和 吧"),
        ("@民政局官微 低保怎么办", "低保怎么办"),
        ("回复@张三: 同意", "回复 同意"),
        ("殡仪馆收费太贵[怒][捂脸]", "殡仪馆收费太贵"),
        ("谢谢🙏😭👍🏻", "谢谢"),
        ("thanks :smile: ok", "thanks ok"),
        ("  多个\n\t空白  ", "多个 空白"),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    "raw", ["电话13812345678", "电话 138-1234-5678", "电话+86 13812345678", "座机0731-88886666", "电话：１３８１２３４５６７８"]
)
def test_phone_numbers_are_masked(raw: str) -> None:
    out = normalise(raw)
    assert PHONE_MASK in out and not any(ch.isdigit() for ch in out)


@pytest.mark.parametrize("raw", ["身份证110101199001011234", "身份证号11010119900101123X", "旧证110101900101123"])
def test_id_numbers_are_masked(raw: str) -> None:
    out = normalise(raw)
    assert ID_MASK in out and not any(ch.isdigit() for ch in out)


def test_ordinary_numbers_stay() -> None:
    assert normalise("低保每月少了200元，2023年开始") == "低保每月少了200元,2023年开始"


@pytest.mark.parametrize("raw", ["", "   ", None, b"\xe4\xbd\xa0\xe5\xa5\xbd", b"\xff\xfe\x00", "🙏🙏", "[怒]"])
def test_odd_input_never_raises(raw: object) -> None:
    assert isinstance(normalise(raw), str)  # type: ignore[arg-type]


def test_idempotent(corpus) -> None:
    for text in corpus.train_texts[:500] + ["电话13812345678 身份证110101199001011234 @某人 [怒]"]:
        once = normalise(text)
        assert normalise(once) == once


def test_the_fast_path_converts_like_zhconv(corpus) -> None:
    import zhconv

    from classifier.normalise import to_simplified

    texts = corpus.train_texts + corpus.test_texts
    assert [to_simplified(t) for t in texts] == [zhconv.convert(t, "zh-hans") for t in texts]


def test_phrases_converted_only_as_a_whole_are_not_missed_by_the_fast_path() -> None:
    from classifier.normalise import to_simplified

    # none of 回, 覆 is traditional on its own; zhconv converts the phrase
    assert to_simplified("老人院仲要唔要做核酸？唔该回覆下") == "老人院仲要唔要做核酸？唔该回复下"
    assert to_simplified("沈默是金") == "沉默是金"


def test_a_letter_title_is_read_on_its_own_and_twice_in_the_text_once_when_the_body_repeats_it() -> None:
    from classifier.normalise import TITLE_END, body_view, normalise, title_view, with_title

    letter = with_title("关于低保评议的投诉", "评议会没开就定了名单。")
    assert letter == f"关于低保评议的投诉{TITLE_END}评议会没开就定了名单。"
    assert title_view([letter]) == ["关于低保评议的投诉"]
    assert body_view([letter]) == ["关于低保评议的投诉 关于低保评议的投诉 评议会没开就定了名单。"]
    repeated = with_title("低保评议不公开", "低保评议不公开，名单也不贴。")
    assert body_view([repeated]) == ["低保评议不公开 低保评议不公开，名单也不贴。"]
    # no title: the text unchanged, an empty title block
    assert with_title(None, "小编辛苦了") == with_title("  ", "小编辛苦了") == "小编辛苦了"
    assert title_view(["小编辛苦了"]) == [""] and body_view(["小编辛苦了"]) == ["小编辛苦了"]


def test_title_and_body_are_normalised_each_and_a_stray_title_mark_in_citizen_text_is_dropped() -> None:
    from classifier.normalise import TITLE_END, normalise, split_title, with_title

    letter = normalise(with_title("關於高齡津貼", f"<p>電話13812345678{TITLE_END}沒到賬</p>"))
    assert split_title(letter) == ("关于高龄津贴", "电话〈电话〉没到账")
    assert normalise(letter) == letter  # still idempotent
    # a title that normalises to nothing leaves the body alone
    assert normalise(with_title("🙏🙏", "请问低保")) == "请问低保"
