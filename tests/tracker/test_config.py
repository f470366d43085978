"""Bad configuration is refused at load with the file and key named, and nothing is half-loaded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import select

from models.tables import HolidayOverride, Section
from tracker import config
from tracker.db import session_scope
from tracker.errors import ConfigError
from tracker.settings import DEFAULTS_DIR, get_settings
from tracker.setup import init, load_holiday_file
from tracker.timeutil import utcnow


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_db) -> Path:
    folder = tmp_path / "conf"
    folder.mkdir()
    for name in ("routing.toml", "deadline_rules.toml", "ledger.toml"):
        shutil.copy(DEFAULTS_DIR / name, folder / name)
    monkeypatch.setenv("YUQING_CONFIG_DIR", str(folder))
    get_settings.cache_clear()
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_section_in_the_routing_table_is_refused_naming_file_and_key(config_dir):
    edit(config_dir / "routing.toml", 'section = "social_assistance"', 'section = "no_such_section"')
    with pytest.raises(ConfigError) as err:
        init(now=utcnow())
    assert "routing.toml" in str(err.value) and "topics.社会救助.section" in str(err.value)


def test_negative_limit_in_a_rule_is_refused(config_dir):
    edit(config_dir / "deadline_rules.toml", "clocks.finish = { working_days = 10 }", "clocks.finish = { working_days = -3 }")
    with pytest.raises(ConfigError) as err:
        init(now=utcnow())
    assert "deadline_rules.toml" in str(err.value) and "rules.mailbox.clocks.finish.working_days" in str(err.value)


def test_malformed_toml_is_refused(config_dir):
    (config_dir / "ledger.toml").write_text("hot_heat = = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="ledger.toml"):
        config.ledger_options()


def test_a_refused_routing_table_changes_nothing(config_dir):
    edit(config_dir / "routing.toml", 'office = "办公室"', 'office = "综合办公室"')
    edit(config_dir / "routing.toml", 'section = "community"', 'section = "nowhere"')
    with pytest.raises(ConfigError):
        init(now=utcnow())
    with session_scope() as s:
        assert s.exec(select(Section).where(Section.key == "office")).one().name == "办公室"


@pytest.mark.parametrize(
    "body, key",
    [
        ('year = 2027\n[[holidays]]\nname = "元旦"\ndays = [2026-01-01]\n', "holidays[0]"),
        ('year = 2027\n[[holidays]]\nname = "元旦"\nfrom = 2027-01-03\nto = 2027-01-01\n', "holidays.0"),
        ('year = 2027\n[[holidays]]\nname = "元旦"\ndays = ["tomorrow"]\n', "holidays.0.days.0"),
        ("year = 2027\n", "holidays"),
        ('year = 2027\nholidays = [ { name = "x", days = [2027-01-01] }\n', "-"),
    ],
)
def test_malformed_holiday_file_is_refused_and_nothing_is_written(sqlite_db, tmp_path, body, key):
    path = tmp_path / "2027.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_holiday_file(path, now=utcnow())
    assert str(path) in str(err.value) and f"[{key}" in str(err.value)
    with session_scope() as s:
        assert s.exec(select(HolidayOverride)).all() == []


def test_rule_change_becomes_a_new_version_and_init_twice_changes_nothing(config_dir):
    assert init(now=utcnow())["rules"] == 0
    edit(config_dir / "deadline_rules.toml", "clocks.finish = { working_days = 10 }", "clocks.finish = { working_days = 15 }")
    assert init(now=utcnow())["rules"] == 1
    again = init(now=utcnow())
    assert (again["rules"], again["routing"], again["sources"]) == (0, 0, 0)
    with session_scope() as s:
        from tracker import queries

        assert queries.active_rule(s, "mailbox").version == 2


def test_a_case_is_explained_under_the_rule_version_it_was_opened_with(config_dir, capsys):
    from tests.factories import local, open_case
    from tracker.cli import main

    case_no = open_case("mailbox", received=local(2025, 9, 30, 10))
    edit(config_dir / "deadline_rules.toml", 'name = "省长/市长信箱、领导留言板"', 'name = "领导信箱（新规）"')
    edit(config_dir / "deadline_rules.toml", "clocks.finish = { working_days = 10 }", "clocks.finish = { working_days = 15 }")
    init(now=utcnow())
    assert main(["case", "explain", case_no]) == 0
    out = capsys.readouterr().out
    assert "省长/市长信箱、领导留言板" in out and "新规" not in out
    assert "mailbox 第 1 版" in out and "2025-10-21 23:59:59" in out
