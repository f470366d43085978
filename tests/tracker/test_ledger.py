"""The ledger's story on SQLite and PostgreSQL: routing, clocks, every status change, refusals, and one Event per change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import select

from models.tables import Case, Deadline, Message
from tests.factories import act, draft, events, local, open_case, routed
from tracker import clocks, ledger, queries
from tracker.db import session_scope
from tracker.errors import AlreadyExists, IllegalTransition, InvalidInput
from tracker.intake import RouteDecision
from tracker.timeutil import to_local


def case_and_clocks(case_no: str):
    with session_scope() as s:
        case = queries.case_by_no(s, case_no)
        return case, {d.clock: d for d in queries.deadlines_of(s, case.id)}


def test_a_letter_about_dibao_lands_in_social_assistance_due_in_10_working_days_skipping_national_day(db):
    case_no = open_case("mailbox", received=local(2025, 9, 30, 10, 0))
    case, dl = case_and_clocks(case_no)
    assert case_no.startswith("YQ-2025-")
    assert case.status == "assigned" and case.topic == "社会救助"
    with session_scope() as s:
        assert queries.section_by_id(s, case.section_id).name == "社会救助股"
    finish = to_local(dl["finish"].due_at)
    assert (finish.date(), finish.hour, finish.minute) == (date(2025, 10, 21), 23, 59)
    assert dl["finish"].rule_key == "mailbox" and dl["finish"].rule_version == 1
    assert [e.action for e in events(case_no)] == ["open"]


def test_an_unsure_message_goes_to_triage_and_the_office_assigns_it(db):
    case_no = open_case(decision=RouteDecision(topic="社会救助", confidence=0.4, auto_route=False))
    case, _ = case_and_clocks(case_no)
    assert case.status == "triage" and case.section_id is None
    act(ledger.assign, case_no, section_key="social_affairs", topic="养老服务")
    case, _ = case_and_clocks(case_no)
    assert case.status == "assigned" and case.topic == "养老服务"
    assert [e.action for e in events(case_no)] == ["open", "assign"]


def test_the_full_life_of_a_case_leaves_exactly_one_event_per_change(db):
    case_no = open_case()
    steps = [
        (ledger.acknowledge, {}, "in_progress"),
        (ledger.respond, {"text": "您好，已为您核查，低保审批将于本月完成。"}, "responded"),
        (ledger.reopen, {"reason": "群众追问"}, "in_progress"),
        (ledger.respond, {"text": "补充答复：已完成审批。"}, "responded"),
        (ledger.close, {}, "closed"),
    ]
    for i, (fn, kw, status) in enumerate(steps, start=2):
        act(fn, case_no, **kw)
        case, _ = case_and_clocks(case_no)
        assert case.status == status
        assert len(events(case_no)) == i
    case, dl = case_and_clocks(case_no)
    assert all(d.met_at is not None for d in dl.values())
    assert clocks.state(dl["finish"], local(2025, 11, 1)) == "met_on_time"


@pytest.mark.parametrize(
    "fn, kw, expected",
    [
        (ledger.transfer, {"to": "区医疗保障局"}, "transferred"),
        (ledger.dismiss, {"reason": "重复留言"}, "dismissed"),
        (ledger.reassign, {"section_key": "community", "reason": "属社区治理事项"}, "assigned"),
    ],
)
def test_transfer_dismiss_and_reassign(db, fn, kw, expected):
    case_no = open_case()
    act(fn, case_no, **kw)
    case, dl = case_and_clocks(case_no)
    assert case.status == expected
    assert len(events(case_no)) == 2
    if expected == "dismissed":
        assert all(d.cancelled_at is not None for d in dl.values())
        act(ledger.return_to_triage, case_no, reason="误判")
        case, dl = case_and_clocks(case_no)
        assert case.status == "triage" and all(d.cancelled_at is None for d in dl.values())


@pytest.mark.parametrize(
    "setup, fn, kw",
    [
        ([], ledger.close, {}),  # cannot close before responding
        ([], ledger.reopen, {"reason": "x"}),
        ([(ledger.acknowledge, {})], ledger.acknowledge, {}),
        ([(ledger.respond, {"text": "答复"}), (ledger.close, {})], ledger.respond, {"text": "again"}),
        ([(ledger.respond, {"text": "答复"}), (ledger.close, {})], ledger.transfer, {"to": "某局"}),
        ([(ledger.transfer, {"to": "某局"})], ledger.acknowledge, {}),
        ([(ledger.dismiss, {"reason": "广告"})], ledger.extend_deadline, {"reason": "x"}),
    ],
)
def test_illegal_transitions_are_refused_with_a_clear_error_and_no_event(db, setup, fn, kw):
    case_no = open_case("disclosure")
    for step, skw in setup:
        act(step, case_no, **skw)
    before = len(events(case_no))
    with pytest.raises(IllegalTransition, match=case_no):
        act(fn, case_no, **kw)
    assert len(events(case_no)) == before


def test_reasons_are_required(db):
    case_no = open_case()
    for fn, kw in [(ledger.reassign, {"reason": " ", "section_key": "office"}), (ledger.dismiss, {"reason": ""}), (ledger.respond, {"text": ""})]:
        with pytest.raises(InvalidInput):
            act(fn, case_no, **kw)
    assert len(events(case_no)) == 1


def test_disclosure_can_be_extended_once_by_20_working_days_with_a_reason(db):
    case_no = open_case("disclosure", received=local(2026, 3, 2, 9))
    _, dl = case_and_clocks(case_no)
    first_due = to_local(dl["finish"].due_at).date()
    with pytest.raises(InvalidInput):
        act(ledger.extend_deadline, case_no, reason="")
    act(ledger.extend_deadline, case_no, reason="需征求第三方意见，经负责人批准延期")
    _, dl = case_and_clocks(case_no)
    from tracker.deadlines import add_working_days

    assert to_local(dl["finish"].due_at).date() == add_working_days(first_due, 20)
    with pytest.raises(InvalidInput, match="最多允许延期 1 次"):
        act(ledger.extend_deadline, case_no, reason="再次延期")
    assert [e.action for e in events(case_no)] == ["open", "extend"]


def test_mailbox_rule_allows_no_extension(db):
    case_no = open_case("mailbox")
    with pytest.raises(InvalidInput):
        act(ledger.extend_deadline, case_no, reason="想延期")


def test_pause_resume_moves_due_by_paused_working_days_and_restart_counts_afresh(db):
    case_no = open_case("disclosure", received=local(2026, 3, 2, 9))
    _, dl = case_and_clocks(case_no)
    due0 = to_local(dl["finish"].due_at).date()
    act(ledger.pause_clock, case_no, reason="征求第三方意见", now=local(2026, 3, 9, 9))
    _, dl = case_and_clocks(case_no)
    assert clocks.state(dl["finish"], local(2026, 3, 10)) == "paused"
    act(ledger.resume_clock, case_no, now=local(2026, 3, 12, 9))
    _, dl = case_and_clocks(case_no)
    from tracker.deadlines import add_working_days

    assert to_local(dl["finish"].due_at).date() == add_working_days(due0, 3)
    act(ledger.restart_clock, case_no, reason="收到补正材料", now=local(2026, 3, 16, 10))
    _, dl = case_and_clocks(case_no)
    assert to_local(dl["finish"].due_at).date() == add_working_days(date(2026, 3, 16), 20)
    assert [e.action for e in events(case_no)] == ["open", "pause", "resume", "restart"]


def test_duplicate_message_identity_is_refused_as_already_exists(db):
    d = draft("weibo", external_id="5012345678901234")
    with session_scope() as s:
        ledger.open_case(session=s, draft=d, decision=routed(), now=d.fetched_at)
    with pytest.raises(AlreadyExists), session_scope() as s:
        ledger.open_case(session=s, draft=d, decision=routed(), now=d.fetched_at)
    with session_scope() as s:
        assert len(s.exec(select(Case)).all()) == 1
        assert len(s.exec(select(Message)).all()) == 1


def test_merging_duplicates_raises_heat_and_at_five_the_case_becomes_a_hot_matter_due_in_48_hours(db):
    received = local(2026, 3, 2, 9)
    case_no = open_case("mailbox", received=received)
    _, dl = case_and_clocks(case_no)
    assert "first_response" not in dl
    for i in range(2, 6):
        now = received + timedelta(hours=i)
        d = draft("weibo", text="又一条同样的低保投诉", received=now)
        with session_scope() as s:
            case = ledger.merge_message(session=s, case_no=case_no, draft=d, now=now)
        assert case.heat == i
    case, dl = case_and_clocks(case_no)
    assert case.is_hot
    assert to_local(dl["first_response"].due_at) == received + timedelta(hours=5 + 48)
    actions = [e.action for e in events(case_no)]
    assert actions == ["open", "merge", "merge", "merge", "merge", "escalate"]
    with session_scope() as s:
        assert len(queries.messages_of(s, case.id)) == 5


def test_a_major_incident_gets_clock_hour_deadlines(db):
    case_no = open_case("weibo", received=local(2026, 3, 6, 17), decision=routed("养老服务", urgency="major"))
    case, dl = case_and_clocks(case_no)
    assert case.urgency == "major" and case.deadline_rule == "major_incident"
    assert to_local(dl["first_response"].due_at) == local(2026, 3, 6, 22)
    assert to_local(dl["finish"].due_at) == local(2026, 3, 7, 17)


@pytest.mark.parametrize("category, days", [("咨询", 2), ("求助", 10), ("投诉", 15)])
def test_12345_orders_by_category(db, category, days):
    from tracker.deadlines import add_working_days

    case_no = open_case("hotline", received=local(2026, 3, 2, 9), category=category)
    _, dl = case_and_clocks(case_no)
    assert to_local(dl["finish"].due_at).date() == add_working_days(date(2026, 3, 2), days)


def test_12345_urgent_order_and_the_orders_own_deadline_wins(db):
    urgent = open_case("hotline", received=local(2026, 3, 6, 17), category="求助", urgent=True)
    _, dl = case_and_clocks(urgent)
    assert to_local(dl["finish"].due_at) == local(2026, 3, 7, 17)
    own = open_case("hotline", received=local(2026, 3, 2, 9), category="投诉", own_due_at=local(2026, 3, 5, 18))
    _, dl = case_and_clocks(own)
    assert to_local(dl["finish"].due_at) == local(2026, 3, 5, 18) and dl["finish"].unit == "fixed"


def test_overdue_is_derived_from_due_and_met(db):
    case_no = open_case("weibo", received=local(2026, 3, 2, 9))
    _, dl = case_and_clocks(case_no)
    fr = dl["first_response"]
    assert clocks.state(fr, local(2026, 3, 3, 9)) == "running"
    assert clocks.state(fr, local(2026, 3, 5, 9)) == "overdue"
    act(ledger.respond, case_no, text="已答复", now=local(2026, 3, 5, 9))
    _, dl = case_and_clocks(case_no)
    assert clocks.state(dl["first_response"], local(2026, 3, 9)) == "met_late"


def test_case_numbers_are_sequential_per_year(db):
    a = open_case(received=local(2026, 1, 5))
    b = open_case(received=local(2026, 1, 6))
    assert int(b.rsplit("-", 1)[1]) == int(a.rsplit("-", 1)[1]) + 1


def test_deadline_rows_are_unique_per_clock(db):
    case_no = open_case()
    with session_scope() as s:
        case = queries.case_by_no(s, case_no)
        rows = s.exec(select(Deadline).where(Deadline.case_id == case.id)).all()
        assert sorted(r.clock for r in rows) == ["acknowledge", "finish"]
