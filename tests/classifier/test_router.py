"""Router: confident messages are routed, odd input goes to triage and never raises."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from classifier.errors import ModelNotFound
from classifier.normalise import with_title
from classifier.router import Prediction, Router


def test_a_clear_message_is_routed(router: Router) -> None:
    p = router.classify("我家是低保户，这个月的低保金怎么少了两百块，也没人通知")
    assert p.topic == "社会救助" and p.auto_route and p.confidence >= router.threshold
    assert p.urgency == "normal" and p.urgency_reasons == ()


def test_urgency_comes_with_the_topic(router: Router) -> None:
    p = router.classify("养老院有老人被护工殴打，再不处理我就找记者曝光")
    assert p.urgency == "major" and {"虐待伤害", "媒体曝光"} <= set(p.urgency_reasons)


def test_a_letter_whose_body_says_little_is_routed_by_its_title_and_its_title_can_raise_urgency(router: Router) -> None:
    body = "请尽快查一下，谢谢。"
    assert not router.classify(body).auto_route
    letter = router.classify(with_title("关于我父亲高龄津贴停发的反映", body))
    assert letter.topic == "养老服务" and letter.auto_route
    assert router.classify(with_title("有老人要跳楼", "就在民政局门口，快来人")).urgency == "major"
    # a letter that is all title: the title mark is not counted as junk
    only_title = router.classify(with_title("低保", ""))
    assert only_title.topic == "社会救助" and only_title.auto_route


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", "🙏😭👍", "[怒][捂脸]", "。。。？？？", "a", os.urandom(2000).decode("latin-1"),
     os.urandom(3000).decode("utf-8", errors="replace"), "\x00\x01\x02" * 100, "低保" * 500_000],
)
def test_odd_input_goes_to_triage(router: Router, text: str) -> None:
    p = router.classify(text)
    assert isinstance(p, Prediction) and p.auto_route is False
    assert p.topic is None or p.topic in router.labels


def test_bytes_and_none_do_not_raise(router: Router) -> None:
    assert router.classify(b"\xff\xfe\x00\x01").auto_route is False  # type: ignore[arg-type]
    assert router.classify(None).topic is None  # type: ignore[arg-type]


def test_classify_many_matches_classify(router: Router) -> None:
    texts = ["结婚登记要预约吗", "", "殡仪馆收费太贵了", "医保报销比例是多少"]
    assert router.classify_many(texts) == [router.classify(t) for t in texts]


def test_prediction_is_frozen(router: Router) -> None:
    p = router.classify("结婚登记要预约吗")
    with pytest.raises(AttributeError):
        p.topic = "x"  # type: ignore[misc]


def test_loading_a_folder_without_a_model_is_a_domain_error(tmp_path: Path) -> None:
    with pytest.raises(ModelNotFound):
        Router.load(tmp_path)
