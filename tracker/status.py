"""The case status machine of ARCHITECTURE.md: labels, and which action may move a case from which status."""

from __future__ import annotations

STATUS_LABELS = {
    "triage": "待分拣",
    "assigned": "已分派",
    "in_progress": "办理中",
    "responded": "已回应",
    "closed": "已办结",
    "transferred": "已转办",
    "dismissed": "无需回应",
}
CLOCK_LABELS = {"acknowledge": "签收", "first_response": "首次回应", "finish": "办结"}
URGENCY_LABELS = {"normal": "一般", "urgent": "紧急", "major": "重大"}

OPEN_STATUSES = ("triage", "assigned", "in_progress", "responded")
TERMINAL_STATUSES = ("closed", "transferred", "dismissed")

# action -> (statuses it may start from, status it leaves the case in; None = unchanged)
TRANSITIONS: dict[str, tuple[tuple[str, ...], str | None]] = {
    "assign": (("triage",), "assigned"),
    "reassign": (("triage", "assigned", "in_progress"), "assigned"),
    "acknowledge": (("assigned",), "in_progress"),
    "respond": (("assigned", "in_progress"), "responded"),
    "reopen": (("responded",), "in_progress"),
    "close": (("responded",), "closed"),
    "transfer": (("triage", "assigned", "in_progress"), "transferred"),
    "dismiss": (("triage", "assigned", "in_progress"), "dismissed"),
    "return_to_triage": (("assigned", "in_progress", "transferred", "dismissed"), "triage"),
    # clock and heat actions leave the status as it is, but only on a case that is still open
    "extend": (OPEN_STATUSES, None),
    "pause": (OPEN_STATUSES, None),
    "resume": (OPEN_STATUSES, None),
    "restart": (OPEN_STATUSES, None),
    "merge": (OPEN_STATUSES, None),
    "escalate": (OPEN_STATUSES, None),
}

ACTION_LABELS = {
    "open": "立案",
    "assign": "分派",
    "reassign": "改派",
    "acknowledge": "签收",
    "respond": "回应",
    "reopen": "重新办理",
    "close": "办结",
    "transfer": "转办",
    "dismiss": "无需回应",
    "return_to_triage": "退回分拣",
    "extend": "延期",
    "pause": "暂停计时",
    "resume": "恢复计时",
    "restart": "重新计时",
    "merge": "合并重复留言",
    "escalate": "升级为政务舆情",
    "recompute": "重新计算期限",
}


def target_status(case_no: str, status: str, action: str) -> str:
    """The status after `action`, or IllegalTransition when the machine does not allow it from `status`."""
    from tracker.errors import IllegalTransition

    allowed, target = TRANSITIONS[action]
    if status not in allowed:
        raise IllegalTransition(case_no, status, ACTION_LABELS.get(action, action))
    return target or status
