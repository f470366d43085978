"""Urgency rules: likely major incidents are flagged, their near-misses are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from classifier.errors import ConfigError
from classifier.urgency import detect, load_rules


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("低保被取消了，我真的活不下去了，不如一死了之", "自伤自杀"),
        ("我爸说再不给办就去民政局门口跳楼", "自伤自杀"),
        ("敬老院有个老人死在房间里两天了都没人发现", "人员死亡"),
        ("福利院昨晚一个孩子意外身亡", "人员死亡"),
        ("长者饭堂厨房着火了，浓烟很大", "火灾"),
        ("几十个人围在民政局门口要说法", "人员聚集"),
        ("村民拉横幅集体上访要补偿", "人员聚集"),
        ("殡仪馆搬迁，村民把路堵了不让车过，现在堵路堵了一上午", "堵路拦车"),
        ("再不解决我就找记者曝光你们", "媒体曝光"),
        ("这事已经上热搜了", "媒体曝光"),
        ("养老院十几个老人核酸阳性", "疫情聚集"),
        ("福利院出现聚集性疫情", "疫情聚集"),
        ("護理員虐待老人，我親眼看見", "虐待伤害"),
        ("我家有老年痴呆的老人走失了", "虐待伤害"),
    ],
)
def test_major_incidents_are_flagged(text: str, reason: str) -> None:
    urgency, reasons = detect(text)
    assert urgency == "major" and reason in reasons


@pytest.mark.parametrize(
    "text",
    [
        "老人去世了，死亡证明在哪里开？丧葬补助怎么领",
        "父亲上个月走了，想问惠民殡葬补贴和遗体火化的费用",
        "疫情期间请大家不要聚集，社区活动暂停吗",
        "养老院的消防设施是不是该检查了，有没有火灾隐患",
        "高龄津贴什么时候发",
        "核酸结果阴性了，可以去敬老院探视吗",
        "我是记者证持有人，想问婚姻登记处周六上班吗",
        "低保申请需要什么材料",
        "孩子的防走失手环哪里可以领",
        "结婚登记要预约吗",
        "",
    ],
)
def test_near_misses_stay_normal(text: str) -> None:
    assert detect(text) == ("normal", ())


def test_bad_rule_file_is_a_config_error(tmp_path: Path) -> None:
    bad = tmp_path / "urgency.toml"
    bad.write_text('[[rule]]\nname = "x"\npatterns = ["("]\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_rules(bad)
    bad.write_text('[[rule]]\nname = "x"\npatterns = []\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_rules(bad)
