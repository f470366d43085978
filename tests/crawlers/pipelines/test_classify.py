"""Classification of crawled messages: the model reads a letter's title with its body, one batch call per batch."""

from __future__ import annotations

from types import SimpleNamespace

from classifier.normalise import with_title
from crawlers.items import MessageItem
from crawlers.pipelines.classify import decide_new
from crawlers.runlog import RunLog


class RecordingRouter:
    """Remembers what it was asked to read; routes everything to 社会救助."""

    def __init__(self) -> None:
        self.read: list[str] = []

    def classify_many(self, texts: list[str]) -> list[SimpleNamespace]:
        self.read.extend(texts)
        return [SimpleNamespace(topic="社会救助", confidence=0.9, auto_route=True, urgency="normal", urgency_reasons=())
                for _ in texts]


def item(text: str, title: str | None = None, action: str = "new") -> MessageItem:
    return MessageItem(external_id=f"x-{len(text)}", text=text, title=title, action=action)


def test_a_mailbox_letter_is_classified_on_its_title_and_body_and_a_comment_on_its_text() -> None:
    router, runlog = RecordingRouter(), RunLog(source_key="mailbox")
    letter = item("请问下个月能批下来吗？", title="关于低保申请进度的咨询")
    comment = item("小编辛苦了👍")
    seen = item("旧留言", action="unchanged")
    decide_new(router, [(letter, runlog), (comment, runlog), (seen, runlog)])
    assert router.read == [with_title("关于低保申请进度的咨询", "请问下个月能批下来吗？"), "小编辛苦了👍"]
    assert letter["decision"].topic == comment["decision"].topic == "社会救助"
    assert "decision" not in seen
