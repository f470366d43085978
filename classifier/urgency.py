"""Flags likely major incidents (self-harm, deaths, fire, crowds, blockades, exposure, clusters) by configured rules."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from classifier.errors import ConfigError
from classifier.normalise import normalise

RULES_FILE = Path(__file__).resolve().parent / "urgency.toml"
NORMAL, MAJOR = "normal", "major"


@dataclass(frozen=True)
class Rule:
    """One kind of incident: any pattern hit (after blanking the exclusions) makes a message major."""

    name: str
    patterns: re.Pattern[str]
    exclude: re.Pattern[str] | None

    def hits(self, text: str) -> bool:
        if self.exclude is not None:
            text = self.exclude.sub("　", text)
        return self.patterns.search(text) is not None


def _compile(path: Path, key: str, items: object) -> re.Pattern[str] | None:
    if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
        raise ConfigError(path, key, "须为非空字符串列表 (a list of non-empty strings)")
    if not items:
        return None
    try:
        return re.compile("|".join(f"(?:{i})" for i in items))
    except re.error as exc:
        raise ConfigError(path, key, f"正则表达式错误: {exc}") from exc


def load_rules(path: Path = RULES_FILE) -> tuple[Rule, ...]:
    """Read and validate the rule file."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(path, "-", f"无法读取: {exc}") from exc
    rules = []
    for i, raw in enumerate(data.get("rule", [])):
        name = raw.get("name")
        if not isinstance(name, str) or not name:
            raise ConfigError(path, f"rule[{i}].name", "缺少名称")
        patterns = _compile(path, f"rule[{i}].patterns", raw.get("patterns"))
        if patterns is None:
            raise ConfigError(path, f"rule[{i}].patterns", "至少需要一个模式")
        rules.append(Rule(name, patterns, _compile(path, f"rule[{i}].exclude", raw.get("exclude", []))))
    if not rules:
        raise ConfigError(path, "rule", "没有规则")
    return tuple(rules)


@lru_cache(maxsize=4)
def _rules(path: Path) -> tuple[Rule, ...]:
    return load_rules(path)


@lru_cache(maxsize=4)
def _any_pattern(path: Path) -> re.Pattern[str]:
    """All rules' patterns in one expression: no match means no rule can hit (exclusions only remove matches)."""
    return re.compile("|".join(rule.patterns.pattern for rule in _rules(path)))


def detect_normalised(text: str, rules_file: Path = RULES_FILE) -> tuple[str, tuple[str, ...]]:
    """detect() for a text that is already normalised."""
    if not _any_pattern(rules_file).search(text):
        return NORMAL, ()
    reasons = tuple(rule.name for rule in _rules(rules_file) if rule.hits(text))
    return (MAJOR if reasons else NORMAL), reasons


def detect(text: str, rules_file: Path = RULES_FILE) -> tuple[str, tuple[str, ...]]:
    """('major', names of the rules hit) for a likely major incident, else ('normal', ())."""
    return detect_normalised(normalise(text), rules_file)
