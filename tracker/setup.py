"""`yuqing init` and `yuqing calendar load`: bring the schema up to date and apply configuration files to the database."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, delete, select

from models.tables import DeadlineRule, HolidayOverride, RoutingRule, Section, Source, Topic
from tracker import config, ledger
from tracker.db import session_scope, upgrade_schema
from tracker.settings import DEFAULTS_DIR, get_settings
from tracker.timeutil import to_utc

log = logging.getLogger(__name__)


class SourceEntry(BaseModel):
    """The part of a sources.toml entry the ledger needs; kind-specific options are kept as they are for the crawlers."""

    model_config = ConfigDict(extra="allow")
    kind: str = Field(min_length=1)
    name: str = Field(min_length=1)
    enabled: bool = True
    deadline_rule: str | None = None


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sources: dict[str, SourceEntry] = {}


def init(*, now: datetime) -> dict[str, Any]:
    """Upgrade the schema and apply routing, rules, holiday files and sources; a second run changes nothing."""
    upgrade_schema()
    settings = get_settings()
    routing = config.routing()
    rules = config.rules()
    sources = load_sources(settings.sources_file)
    for key, entry in sources.sources.items():
        if entry.deadline_rule and entry.deadline_rule not in rules.rules:
            raise config.ConfigError(settings.sources_file, f"sources.{key}.deadline_rule", f"unknown rule {entry.deadline_rule!r}")
    holiday_files = [(p, config.holiday_file(p)) for p in holiday_paths()]  # validate all before writing anything
    with session_scope() as session:
        summary = {
            "routing": sync_routing(session, routing, now),
            "rules": sync_rules(session, rules, now),
            "sources": sync_sources(session, sources),
            "holidays": [apply_holidays(session, path, hf, now=now)["year"] for path, hf in holiday_files],
        }
    return summary


def holiday_paths() -> list[Path]:
    """Bundled holiday files, then the operator's (config_dir/holidays)."""
    folders = [DEFAULTS_DIR / "holidays"]
    cfg = get_settings().config_dir
    if cfg is not None:
        folders.append(cfg / "holidays")
    return [p for folder in folders if folder.is_dir() for p in sorted(folder.glob("*.toml"))]


def load_sources(path: Path) -> SourcesFile:
    """The sources file, validated (a missing file means no sources yet)."""
    if not path.exists():
        log.warning("sources file %s not found: no sources configured", path)
        return SourcesFile()
    return config.load_file(SourcesFile, path)


def sync_routing(session: Session, routing: config.RoutingConfig, now: datetime) -> int:
    """Sections, topics and topic->section rules as routing.toml says; returns how many rows changed."""
    changed = 0
    sections: dict[str, Section] = {s.key: s for s in session.exec(select(Section)).all()}
    for key, name in routing.sections.items():
        row = sections.get(key)
        if row is None:
            row = sections[key] = Section(key=key, name=name)
        elif row.name == name:
            continue
        row.name = name
        session.add(row)
        changed += 1
    session.flush()
    topics = {t.name: t for t in session.exec(select(Topic)).all()}
    active = {r.topic_id: r for r in session.exec(select(RoutingRule).where(RoutingRule.active == True)).all()}  # noqa: E712
    for name, route in routing.topics.items():
        topic = topics.get(name)
        if topic is None:
            topic = Topic(name=name, description=route.description or None)
            session.add(topic)
            session.flush()
            changed += 1
        elif (topic.description or "") != route.description:
            topic.description = route.description or None
            session.add(topic)
            changed += 1
        section_id = sections[route.section].id
        current = active.get(topic.id)
        if current and current.section_id == section_id and current.transfer_out == route.transfer_out:
            continue
        if current:
            current.active = False
            session.add(current)
        session.add(RoutingRule(topic_id=topic.id, section_id=section_id, transfer_out=route.transfer_out, created_at=to_utc(now)))
        changed += 1
    for topic_id, rule in active.items():
        topic_name = next((n for n, t in topics.items() if t.id == topic_id), None)
        if topic_name not in routing.topics:
            rule.active = False
            session.add(rule)
            changed += 1
    return changed


def sync_rules(session: Session, rules: config.RulesConfig, now: datetime) -> int:
    """Store each deadline rule; a changed rule becomes a new active version (old cases keep theirs)."""
    changed = 0
    for key, rule in rules.rules.items():
        spec = rule.model_dump(mode="json")
        latest = session.exec(select(DeadlineRule).where(DeadlineRule.key == key).order_by(DeadlineRule.version.desc())).first()  # type: ignore[union-attr]
        if latest is not None and latest.spec == spec:
            if not latest.active:
                latest.active = True
                session.add(latest)
                changed += 1
            continue
        if latest is not None:
            latest.active = False
            session.add(latest)
        session.add(DeadlineRule(key=key, version=(latest.version + 1) if latest else 1, name=rule.name, basis=rule.basis, spec=spec, active=True, created_at=to_utc(now)))
        changed += 1
    for row in session.exec(select(DeadlineRule).where(DeadlineRule.active == True)).all():  # noqa: E712
        if row.key not in rules.rules:
            row.active = False
            session.add(row)
            changed += 1
    return changed


def sync_sources(session: Session, sources: SourcesFile) -> int:
    """Create or update Source rows from sources.toml (the crawl cursor is left alone)."""
    changed = 0
    existing = {s.key: s for s in session.exec(select(Source)).all()}
    for key, entry in sources.sources.items():
        options = entry.model_extra or {}
        row = existing.get(key) or Source(key=key, kind=entry.kind, name=entry.name)
        values = {"kind": entry.kind, "name": entry.name, "enabled": entry.enabled, "deadline_rule": entry.deadline_rule, "config": options}
        if key in existing and all(getattr(row, k) == v for k, v in values.items()):
            continue
        for k, v in values.items():
            setattr(row, k, v)
        session.add(row)
        changed += 1
    return changed


def apply_holidays(session: Session, path: Path, hf: config.HolidayFile, *, now: datetime, actor: str = "system") -> dict[str, Any]:
    """Write a holiday file's days (a full-year file replaces that year's overrides) and recompute provisional clocks."""
    days = hf.days()
    current = {r.day: r for r in session.exec(select(HolidayOverride)).all() if r.day.year == hf.year}
    wanted = {d: (w, n) for d, (w, n) in days.items()}
    same = set(current) == set(wanted) and all(
        (current[d].is_workday, current[d].name, current[d].full_year) == (w, n, hf.full_year) for d, (w, n) in wanted.items()
    )
    if same:
        return {"year": hf.year, "days": len(days), "recomputed": [], "changed": False}
    if hf.full_year:
        session.exec(delete(HolidayOverride).where(HolidayOverride.day.in_(list(current))))  # type: ignore[attr-defined]
    else:
        session.exec(delete(HolidayOverride).where(HolidayOverride.day.in_(list(wanted))))  # type: ignore[attr-defined]
    session.flush()
    for d, (is_work, name) in sorted(wanted.items()):
        session.add(HolidayOverride(day=d, is_workday=is_work, name=name, full_year=hf.full_year, source=str(path), loaded_at=to_utc(now)))
    session.flush()
    recomputed = ledger.recompute_provisional(session=session, year=hf.year, actor=actor, now=now)
    return {"year": hf.year, "days": len(days), "recomputed": recomputed, "changed": True}


def load_holiday_file(path: Path, *, now: datetime, actor: str = "system") -> dict[str, Any]:
    """`yuqing calendar load FILE`: validate the whole file first, then apply it in one transaction."""
    hf = config.holiday_file(path)
    with session_scope() as session:
        return apply_holidays(session, path, hf, now=now, actor=actor)
