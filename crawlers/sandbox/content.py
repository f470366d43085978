"""Deterministic content: corpus texts, fictional (masked) people, and the per-source message store."""

from __future__ import annotations

import csv
import random
import re
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

CORPUS_DIR = Path(__file__).resolve().parents[2] / "classifier" / "data" / "messages"

FALLBACK_MESSAGES: tuple[str, ...] = (
    "高龄津贴今年咋还没到账？",
    "社区长者饭堂什么时候恢复晚餐？",
    "我父亲的残疾人护理补贴三个月没发了",
    "低保复核材料可以线上交吗？",
    "养老院一个月要四千八，退休金才三千，咋整",
    "楼下日间照料中心一直锁门，是摆设吗",
    "临时救助申请递交半个月了没有回音",
    "婚姻登记处周六开不开门？",
    "居委会换届什么时候啊，楼里都没人通知",
    "特困供养人员的医疗费能报销多少",
    "适老化改造能不能报名？家里厕所没有扶手",
    "流浪人员晚上睡在地下通道，天冷了谁来管",
    "孤儿基本生活费标准今年调整了吗",
    "殡葬服务收费太乱了，一个骨灰盒要八千",
    "社区养老驿站收费不透明，能不能公示",
    "独居老人有没有定期探访？我在外地很担心",
    "低保户家里孩子考上大学有没有补助",
    "公墓价格年年涨，普通人死都死不起",
    "社会组织年检材料交到哪个窗口",
    "残疾人两项补贴发放时间是每月几号",
    "老年人能力评估要去哪里做",
    "村里选举有人拉票送米送油，有没有人管",
    "困境儿童的监护人走了，孩子现在没人照顾",
    "敬老院消防通道堆满杂物，出事谁负责",
    "离婚冷静期能不能网上预约",
    "地名标志牌写错了字，几年都没人改",
    "慈善超市捐的衣服到底给谁了",
    "救助站的电话一直打不通",
    "为什么高龄津贴每年都要认证一次，老人走不动",
    "点赞社区助餐点的阿姨，人很好",
)

_PLACES = ("幸福里", "东湖", "南苑", "金桂", "长安", "和平", "滨江", "柳岸", "青石", "桂园", "北塘", "梧桐")
_ROLES = ("老住户", "居民", "业主", "宝妈", "退休老师", "志愿者", "阿姨", "大爷", "小区群主", "打工人")
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁宋郑谢韩唐冯于董萧程曹"
_PROVINCES = ("江苏", "浙江", "安徽", "河南", "湖南", "湖北", "广东", "山东", "四川", "北京", "上海", "广西")
_ORGS = ("区民政局", "某某街道办事处", "区民政局社会救助科", "某镇民政办", "区养老服务指导中心", "区民政局、某某街道办事处")
_REPLIES = (
    "您好！经核实，相关补贴已于本月{d}日前发放到位，请注意查收。",
    "您好，您反映的问题已转{org}现场核查，并督促整改，感谢您的监督。",
    "您好！已联系社区工作人员上门了解情况，下周内给予答复。",
    "感谢您的留言。该事项按政策需本人到街道便民服务中心窗口办理，工作日9:00-17:00。",
    "您好，经与物业及社区协调，问题已于{d}日处理完毕。如有疑问请致电区民政局。",
)
_BRACKET_CODE = re.compile(r"\[[^\[\]\s]{1,4}\]")


@lru_cache(maxsize=1)
def load_corpus(directory: Path = CORPUS_DIR) -> tuple[str, ...]:
    """Texts of the classifier corpus (``text`` column), topped up with the built-in list when it is small."""
    texts: list[str] = []
    for path in sorted(directory.glob("*.csv")) if directory.is_dir() else ():
        try:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                texts.extend((row.get("text") or "").strip() for row in csv.DictReader(fh))
        except (OSError, UnicodeDecodeError, csv.Error):
            continue
    unique = tuple(dict.fromkeys(t for t in texts if t))
    return unique + FALLBACK_MESSAGES if len(unique) < 30 else unique


class ContentGen:
    """Seeded generator of texts and fictional people; one per (seed, source) so sources are independent."""

    def __init__(self, seed: int, key: str) -> None:
        self.rng = random.Random(f"yuqing-sandbox:{seed}:{key}")
        self.corpus = load_corpus()

    def comment(self) -> str:
        """One short citizen message."""
        return self.rng.choice(self.corpus)

    def letter(self) -> str:
        """A longer letter made of 2–3 corpus messages, as written to a mailbox."""
        parts = [self.comment().rstrip("。！？?!，, ") for _ in range(self.rng.randint(2, 3))]
        return "您好！" + "。".join(parts) + "。恳请相关部门尽快处理，谢谢！"

    def title(self, text: str) -> str:
        """A subject line derived from a message."""
        body = text.removeprefix("您好！")
        first = re.split(r"[。！？?!，,\n]", body, maxsplit=1)[0].strip() or body[:12]
        plain = _BRACKET_CODE.sub("", first)
        return (plain[:22] or "咨询") if len(plain) >= 4 else f"关于{plain or '民政事项'}的咨询"

    def nickname(self) -> str:
        """A fictional platform nickname."""
        name = self.rng.choice(_PLACES) + self.rng.choice(_ROLES)
        return name + str(self.rng.randint(1, 99)) if self.rng.random() < 0.3 else name

    def masked_name(self, stars: int = 3) -> str:
        """A masked real-name style author, e.g. ``陈***``."""
        return self.rng.choice(_SURNAMES) + "*" * stars

    def region(self) -> str:
        """An IP region (province)."""
        return self.rng.choice(_PROVINCES)

    def org(self) -> str:
        """An answering unit (may list several joined with ``、``)."""
        return self.rng.choice(_ORGS)

    def reply(self) -> str:
        """An official answer text."""
        return self.rng.choice(_REPLIES).format(d=self.rng.randint(2, 28), org=self.rng.choice(_ORGS[:4]))

    def masked_phone(self) -> str:
        """``138****1234``."""
        return f"1{self.rng.choice('3589')}{self.rng.randint(0, 9)}****{self.rng.randint(0, 9999):04d}"

    def masked_ip(self) -> str:
        """``124.227.4.*``."""
        return f"{self.rng.randint(36, 223)}.{self.rng.randint(1, 254)}.{self.rng.randint(1, 254)}.*"

    def masked_address(self) -> str:
        """``幸福里小区*栋*单元``."""
        return f"{self.rng.choice(_PLACES)}小区{self.rng.randint(1, 30)}栋*单元"


@dataclass
class Reply:
    """An official answer on a board letter."""

    text: str
    org: str
    at: datetime


@dataclass
class Thread:
    """A post / article / video that comments belong to."""

    tid: str
    title: str
    text: str
    created: datetime = datetime.min
    pinned: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Entry:
    """One citizen message (comment, reply or letter). ``eid`` is the external id listed in the manifest."""

    eid: str
    seq: int
    created: datetime
    text: str
    author: str
    thread: str = ""
    root: str | None = None
    parent: str | None = None
    title: str = ""
    likes: int = 0
    region: str = ""
    official: bool = False
    reply: Reply | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    deleted: bool = False
    version: int = 0


@dataclass(frozen=True)
class ThreadPlan:
    """How many top-level comments a thread gets, and ``{top index (0 = newest): reply count}``."""

    top: int
    replies: dict[int, int] = field(default_factory=dict)


IdFactory = Callable[[int, "Entry | None"], str]
"""Makes the external id from (sequence number, root entry or None); ids must grow with the sequence."""


class SourceStore:
    """All messages and threads of one source; the server serialises access with its lock."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.threads: dict[str, Thread] = {}

    def add(self, entry: Entry) -> Entry:
        """Publish ``entry``."""
        self.entries[entry.eid] = entry
        return entry

    def get(self, eid: str, include_deleted: bool = False) -> Entry | None:
        """The entry with external id ``eid`` (deleted ones only on request)."""
        entry = self.entries.get(eid)
        return entry if entry is not None and (include_deleted or not entry.deleted) else None

    def thread(self, tid: str) -> Thread | None:
        """The thread with id ``tid``."""
        return self.threads.get(tid)

    def thread_list(self) -> list[Thread]:
        """Threads, newest first."""
        return sorted(self.threads.values(), key=lambda t: t.created, reverse=True)

    def listing(self, *, thread: str | None = None, top_only: bool = False, root: str | None = None,
                include_deleted: bool = False) -> list[Entry]:
        """Entries newest first, optionally of one thread, only top-level, or only the replies of ``root``."""
        out = [e for e in self.entries.values()
               if (include_deleted or not e.deleted)
               and (thread is None or e.thread == thread)
               and (not top_only or e.root is None)
               and (root is None or e.root == root)]
        return sorted(out, key=lambda e: e.seq, reverse=True)

    def last_seq(self) -> int:
        """Highest sequence number used so far."""
        return max((e.seq for e in self.entries.values()), default=0)

    def edit(self, eid: str, text: str) -> None:
        """Change the text of a published entry (visible on re-fetch)."""
        entry = self._require(eid)
        entry.text = text
        entry.version += 1

    def delete(self, eid: str) -> None:
        """Withdraw an entry (and, for a top-level comment, its replies): it leaves lists, details and the manifest."""
        self._require(eid).deleted = True
        for entry in self.entries.values():
            if entry.root == eid:
                entry.deleted = True

    def manifest(self) -> list[str]:
        """External ids of every visible entry, newest first."""
        return [e.eid for e in self.listing()]

    def _require(self, eid: str) -> Entry:
        entry = self.get(eid)
        if entry is None:
            raise KeyError(f"no visible message {eid!r}")
        return entry


RECENT_AGES = (3, 21, 300, 2820, 10800, 25200, 32400)
"""Ages (s) of the newest items: 刚刚, 21秒前, 5分钟前, 47分钟前, 3小时前, then 7 h and 9 h (今天 …)."""


def age_ladder(n: int, rng: random.Random, span_days: int = 420) -> list[timedelta]:
    """``n`` increasing ages: the fixed recent ones, then geometric from ~20 h to ``span_days`` (crosses a year)."""
    head = [timedelta(seconds=s) for s in RECENT_AGES[:n]]
    rest = n - len(head)
    lo, hi = 20 * 3600, span_days * 86400
    tail = [timedelta(seconds=int(lo * (hi / lo) ** (i / max(rest - 1, 1)) * rng.uniform(0.93, 1.0)))
            for i in range(rest)]
    return head + sorted(tail)


def _between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = max((end - start).total_seconds(), 1.0)
    return start + timedelta(seconds=int(span * rng.uniform(0.05, 0.95)))


def _assign(store: SourceStore, pending: list[tuple[Entry, Entry | None, Entry | None]], id_for: IdFactory) -> None:
    """Number pending entries by time, give them ids, resolve root/parent links, and publish them."""
    pending.sort(key=lambda p: p[0].created)
    base = store.last_seq()
    for i, (entry, root, _parent) in enumerate(pending, start=1):
        entry.seq = base + i
        entry.eid = id_for(entry.seq, root)
    for entry, root, parent in pending:
        entry.root = root.eid if root else None
        entry.parent = parent.eid if parent else None
        store.add(entry)


def build_comments(store: SourceStore, gen: ContentGen, now: datetime, threads: Sequence[Thread],
                   plans: Sequence[ThreadPlan], id_for: IdFactory, official_name: str,
                   decorate: Callable[[str, int], str] = lambda text, _i: text) -> None:
    """Fill ``store`` with threads (newest first in ``threads``) and their top-level comments and replies."""
    rng = gen.rng
    ages = age_ladder(sum(p.top for p in plans), rng)
    pending: list[tuple[Entry, Entry | None, Entry | None]] = []
    cursor, previous = 0, now
    for thread, plan in zip(threads, plans):
        group = ages[cursor:cursor + plan.top]
        cursor += plan.top
        oldest = now - group[-1] if group else previous - timedelta(days=2)
        thread.created = oldest - timedelta(minutes=rng.randint(20, 600))
        previous = thread.created
        store.threads[thread.tid] = thread
        tops = []
        for age in group:
            text = decorate(gen.comment(), len(pending))
            top = Entry("", 0, now - age, text, gen.nickname(), thread=thread.tid,
                        likes=rng.choice((0, 0, 1, 3, 8, 23, 156, 12034)), region=gen.region())
            tops.append(top)
            pending.append((top, None, None))
        for index, count in plan.replies.items():
            root = tops[index]
            replies: list[Entry] = []
            for _ in range(count):
                official = rng.random() < 0.35
                parent = rng.choice(replies) if replies and rng.random() < 0.3 else root
                reply = Entry("", 0, _between(rng, root.created, now), gen.reply() if official else gen.comment(),
                              official_name if official else gen.nickname(), thread=thread.tid,
                              likes=rng.choice((0, 1, 2, 5)), region=gen.region(), official=official)
                replies.append(reply)
                pending.append((reply, root, parent))
    _assign(store, pending, id_for)


def build_board(store: SourceStore, gen: ContentGen, now: datetime, count: int, id_for: IdFactory,
                reply_ratio: float = 0.6) -> None:
    """Fill ``store`` with ``count`` letters; older ones carry an official reply (about ``reply_ratio``)."""
    pending: list[tuple[Entry, Entry | None, Entry | None]] = []
    for age in age_ladder(count, gen.rng):
        pending.append((make_letter(gen, now - age, now, reply_ratio), None, None))
    _assign(store, pending, id_for)


def make_letter(gen: ContentGen, created: datetime, now: datetime, reply_ratio: float) -> Entry:
    """One board letter created at ``created``; answered if old enough and the dice say so."""
    text = gen.letter()
    entry = Entry("", 0, created, text, gen.masked_name(gen.rng.choice((2, 3))), title=gen.title(text),
                  likes=gen.rng.randint(0, 400), region=gen.region())
    answered = (now - created) > timedelta(days=2) and gen.rng.random() < reply_ratio
    if reply_ratio >= 1.0 or answered:
        at = min(created + timedelta(hours=gen.rng.randint(20, 240)), now - timedelta(minutes=30))
        entry.reply = Reply(gen.reply(), gen.org(), max(at, created))
    return entry


def publish_comment(store: SourceStore, gen: ContentGen, now: datetime, thread: Thread, id_for: IdFactory) -> Entry:
    """Publish one new top-level comment on ``thread`` (used by ``grow``)."""
    seq = store.last_seq() + 1
    entry = Entry(id_for(seq, None), seq, now, gen.comment(), gen.nickname(), thread=thread.tid,
                  region=gen.region())
    return store.add(entry)


def publish_letter(store: SourceStore, gen: ContentGen, now: datetime, id_for: IdFactory,
                   answered: bool = False) -> Entry:
    """Publish one new letter (used by ``grow``)."""
    entry = make_letter(gen, now, now, 1.0 if answered else 0.0)
    entry.seq = store.last_seq() + 1
    entry.eid = id_for(entry.seq, None)
    return store.add(entry)


def count_text(n: int) -> int | str:
    """Platforms show large counts as ``1.2万`` / ``3亿``; small ones stay ints."""
    if n >= 100_000_000:
        return f"{n / 100_000_000:.1f}亿".replace(".0亿", "亿")
    if n >= 10_000:
        return f"{n / 10_000:.1f}万".replace(".0万", "万")
    return n


def stable_number(text: str, lo: int, span: int) -> int:
    """A number in ``[lo, lo+span)`` derived from ``text`` (fictional user ids from nicknames)."""
    return lo + zlib.crc32(text.encode("utf-8")) % span


def board_status(entry: Entry, done: str = "已办结", working: str = "办理中", waiting: str = "待回复") -> str:
    """The 办理状态 label of a letter: done if answered, else working/waiting alternating by sequence."""
    if entry.reply is not None:
        return done
    return working if entry.seq % 2 else waiting
