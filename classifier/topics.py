"""The topics the router assigns, in the routing table's order, and the corpus file that holds each."""

from __future__ import annotations

from collections.abc import Iterable

# topic -> file stem under classifier/data/messages/
TOPIC_FILES: dict[str, str] = {
    "养老服务": "yanglao_fuwu",
    "社会救助": "shehui_jiuzhu",
    "残疾人福利": "canjiren_fuli",
    "儿童福利": "ertong_fuli",
    "婚姻登记": "hunyin_dengji",
    "殡葬管理": "binzang_guanli",
    "社会组织": "shehui_zuzhi",
    "基层政权和社区治理": "jiceng_zhengquan",
    "慈善与社会工作": "cishan_shegong",
    "区划地名": "quhua_diming",
    "疫情防控": "yiqing_fangkong",
    "政务公开与综合": "zhengwu_gongkai",
    "非民政事项": "fei_minzheng",
}
TOPICS: tuple[str, ...] = tuple(TOPIC_FILES)
TRANSFER_TOPIC = "非民政事项"


def ordered(labels: Iterable[str]) -> list[str]:
    """Labels in the routing table's order; labels that are not our topics follow, sorted."""
    return sorted(set(labels), key=lambda t: (TOPICS.index(t) if t in TOPICS else len(TOPICS), t))
