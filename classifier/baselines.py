"""Plain baselines the model must beat widely: the majority class, and keyword counting per topic."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from classifier.normalise import normalise

# A fair keyword router: the words a clerk would search for, per topic (first topic wins ties).
KEYWORDS: dict[str, tuple[str, ...]] = {
    "养老服务": ("养老", "敬老院", "老人", "长者饭堂", "高龄津贴", "高龄补贴", "居家养老", "老年", "护理院", "助餐"),
    "社会救助": ("低保", "特困", "临时救助", "救助", "五保", "困难户", "流浪", "乞讨", "救助站"),
    "残疾人福利": ("残疾", "残疾证", "两项补贴", "护理补贴", "轮椅", "残联", "康复", "盲人", "聋哑"),
    "儿童福利": ("孤儿", "儿童", "留守儿童", "收养", "福利院", "困境儿童", "事实无人抚养", "孩子"),
    "婚姻登记": ("结婚", "离婚", "婚姻登记", "结婚证", "离婚证", "登记处", "冷静期", "领证"),
    "殡葬管理": ("殡仪馆", "殡葬", "公墓", "墓地", "火化", "骨灰", "丧葬", "坟", "扫墓"),
    "社会组织": ("社会组织", "协会", "商会", "社团", "民办非企业", "基金会", "年检", "非法组织"),
    "基层政权和社区治理": ("居委会", "村委会", "社区", "网格员", "换届", "选举", "村务公开", "物业", "业委会"),
    "慈善与社会工作": ("慈善", "捐款", "捐赠", "募捐", "社工", "志愿者", "志愿服务", "公益"),
    "区划地名": ("地名", "门牌", "路名", "区划", "改名", "命名", "地址", "撤并", "界线"),
    "疫情防控": ("疫情", "核酸", "隔离", "封控", "阳性", "口罩", "疫苗", "新冠", "防疫"),
    "政务公开与综合": ("信息公开", "政务公开", "公开", "官网", "电话打不通", "态度", "投诉", "效率", "网站"),
    "非民政事项": ("医保", "社保", "公积金", "房子", "住房", "公交", "交通", "学校", "教育", "工资", "户口"),
}


def majority_predict(train_labels: Sequence[str], texts: Sequence[str]) -> list[str]:
    """The most frequent training label for every text."""
    label = Counter(train_labels).most_common(1)[0][0]
    return [label] * len(texts)


def keyword_predict(texts: Sequence[str], keywords: dict[str, tuple[str, ...]] = KEYWORDS) -> list[str]:
    """The topic whose keywords occur most often in the normalised text (ties and no hit: the first topic listed)."""
    topics = list(keywords)
    out = []
    for text in texts:
        clean = normalise(text)
        hits = [sum(clean.count(word) for word in keywords[topic]) for topic in topics]
        out.append(topics[max(range(len(topics)), key=lambda i: (hits[i], -i))])
    return out
