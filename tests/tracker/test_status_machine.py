"""Every (status, action) pair of the status machine: allowed ones move the case and leave one Event, the rest are refused."""

from __future__ import annotations

import pytest

from tests.factories import act, events, open_case
from tests.tracker.test_ledger import case_and_clocks
from tracker import ledger
from tracker.errors import IllegalTransition
from tracker.intake import RouteDecision
from tracker.status import TRANSITIONS

ACTIONS = {
    "assign": (ledger.assign, {"section_key": "social_assistance"}),
    "reassign": (ledger.reassign, {"section_key": "community", "reason": "属社区事务"}),
    "acknowledge": (ledger.acknowledge, {}),
    "respond": (ledger.respond, {"text": "已答复"}),
    "reopen": (ledger.reopen, {"reason": "群众不满意"}),
    "close": (ledger.close, {}),
    "transfer": (ledger.transfer, {"to": "区人社局"}),
    "dismiss": (ledger.dismiss, {"reason": "广告"}),
    "return_to_triage": (ledger.return_to_triage, {"reason": "分错了"}),
}
PATHS = {
    "triage": [],
    "assigned": [],
    "in_progress": ["acknowledge"],
    "responded": ["respond"],
    "closed": ["respond", "close"],
    "transferred": ["transfer"],
    "dismissed": ["dismiss"],
}


def case_in(status: str) -> str:
    decision = RouteDecision(topic="社会救助", confidence=0.3, auto_route=False) if status == "triage" else None
    case_no = open_case("mailbox", decision=decision)
    for step in PATHS[status]:
        fn, kw = ACTIONS[step]
        act(fn, case_no, **kw)
    assert case_and_clocks(case_no)[0].status == status
    return case_no


@pytest.mark.parametrize("status", list(PATHS))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_status_machine(db, status, action):
    case_no = case_in(status)
    before = len(events(case_no))
    fn, kw = ACTIONS[action]
    allowed, target = TRANSITIONS[action]
    if status in allowed:
        act(fn, case_no, **kw)
        assert case_and_clocks(case_no)[0].status == target
        assert len(events(case_no)) == before + 1
        assert events(case_no)[-1].action == action
    else:
        with pytest.raises(IllegalTransition):
            act(fn, case_no, **kw)
        assert case_and_clocks(case_no)[0].status == status
        assert len(events(case_no)) == before
