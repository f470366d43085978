"""CLI commands of the ledger: init, cases (list, show, explain) and the working-day calendar."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from tracker import clocks, queries
from tracker.db import session_scope
from tracker.status import STATUS_LABELS
from tracker.timeutil import fmt_local, utcnow

case_app = typer.Typer(help="台账案件：列表、详情、期限说明", no_args_is_help=True)
calendar_app = typer.Typer(help="工作日历：载入节假日安排、查询某日", no_args_is_help=True)


def init() -> None:
    """Create or upgrade the database and load the configuration (routing, deadline rules, holidays, sources)."""
    from tracker.setup import init as do_init

    summary = do_init(now=utcnow())
    typer.echo(
        f"数据库已就绪。配置变更：分派表 {summary['routing']} 项，期限规则 {summary['rules']} 项，来源 {summary['sources']} 项；"
        f"节假日文件 {len(summary['holidays'])} 个。"
    )


@case_app.command("list")
def case_list(
    status: str = typer.Option(None, help="triage|assigned|in_progress|responded|closed|transferred|dismissed"),
    section: str = typer.Option(None, help="section key, e.g. social_assistance"),
    limit: int = typer.Option(50, min=1, max=10000),
) -> None:
    """List cases, newest first."""
    now = utcnow()
    with session_scope() as session:
        rows = queries.cases(session, status=status, section_key=section, limit=limit)
        for case in rows:
            states = [clocks.state(d, now) for d in queries.deadlines_of(session, case.id)]
            flag = "已逾期" if "overdue" in states else ""
            section_row = queries.section_by_id(session, case.section_id)
            typer.echo(
                f"{case.case_no}\t{STATUS_LABELS.get(case.status, case.status)}\t{section_row.name if section_row else '待分拣'}\t"
                f"{case.topic or '-'}\t{fmt_local(case.received_at)}\t{flag}\t{(case.title or '')[:30]}"
            )
        typer.echo(f"共 {len(rows)} 件")


@case_app.command("show")
def case_show(case_no: str, as_json: bool = typer.Option(False, "--json")) -> None:
    """Show one case with its clocks and audit trail."""
    now = utcnow()
    with session_scope() as session:
        case = queries.case_by_no(session, case_no)
        deadlines = queries.deadlines_of(session, case.id)
        events = queries.events_of(session, case.id)
        if as_json:
            typer.echo(json.dumps({
                "case_no": case.case_no, "status": case.status, "topic": case.topic, "heat": case.heat,
                "deadlines": [{"clock": d.clock, "due_at": d.due_at.isoformat(), "state": clocks.state(d, now), "provisional": d.provisional} for d in deadlines],
                "events": [{"at": e.at.isoformat(), "actor": e.actor, "action": e.action, "note": e.note} for e in events],
            }, ensure_ascii=False, indent=2))
            return
        typer.echo(f"{case.case_no} {STATUS_LABELS.get(case.status, case.status)} {case.title or ''}")
        for d in deadlines:
            typer.echo(f"  {d.clock}\t截止 {fmt_local(d.due_at)}\t{clocks.STATE_LABELS[clocks.state(d, now)]}" + ("\t期限暂定" if d.provisional else ""))
        for e in events:
            typer.echo(f"  {fmt_local(e.at)}\t{e.actor}\t{e.action}\t{e.note or ''}")


@case_app.command("explain")
def case_explain(case_no: str) -> None:
    """Explain in plain Chinese how each deadline of a case was computed."""
    from tracker.explain import explain_case

    with session_scope() as session:
        typer.echo(explain_case(session, case_no))


@calendar_app.command("load")
def calendar_load(file: Path = typer.Argument(..., exists=False, help="holiday TOML file, e.g. 2027.toml")) -> None:
    """Load a year's holiday arrangement and recompute every provisional deadline of that year."""
    from tracker.setup import load_holiday_file

    result = load_holiday_file(file, now=utcnow(), actor="cli")
    if not result["changed"]:
        typer.echo(f"{result['year']} 年节假日安排已是最新，无需更改。")
        return
    typer.echo(f"已载入 {result['year']} 年节假日安排（{result['days']} 天），重新计算 {len(result['recomputed'])} 件案件的暂定期限。")
    for case_no in result["recomputed"]:
        typer.echo(f"  {case_no}")


@calendar_app.command("day")
def calendar_day(day: str = typer.Argument(..., help="YYYY-MM-DD")) -> None:
    """Tell whether a day is a working day, and why."""
    from datetime import date

    from tracker.errors import InvalidInput

    try:
        d = date.fromisoformat(day)
    except ValueError:
        raise InvalidInput(f"日期格式应为 YYYY-MM-DD：{day}") from None
    with session_scope() as session:
        info = queries.load_calendar(session).info(d)
    kinds = {"workday": "工作日", "weekend": "周末", "holiday": "法定节假日", "adjusted_workday": "调休上班日"}
    typer.echo(f"{d.isoformat()} {kinds[info.kind]}{('（' + info.name + '）') if info.name else ''}")


def register(app: typer.Typer) -> None:
    """Attach the ledger commands to the main app."""
    app.command("init")(init)
    app.add_typer(case_app, name="case")
    app.add_typer(calendar_app, name="calendar")
