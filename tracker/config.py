"""Configuration data (routing table, deadline rules, ledger options, holiday files): TOML, validated at load."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tracker.errors import ConfigError
from tracker.settings import get_settings


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- routing table


class TopicRoute(_Strict):
    section: str
    transfer_out: bool = False
    description: str = ""


class RoutingConfig(_Strict):
    triage_section: str
    sections: dict[str, str]
    topics: dict[str, TopicRoute]

    @model_validator(mode="after")
    def _sections_exist(self) -> RoutingConfig:
        if self.triage_section not in self.sections:
            raise _KeyProblem("triage_section", f"unknown section {self.triage_section!r}; known: {sorted(self.sections)}")
        for topic, route in self.topics.items():
            if route.section not in self.sections:
                raise _KeyProblem(f"topics.{topic}.section", f"unknown section {route.section!r}; known: {sorted(self.sections)}")
        return self


# ---------------------------------------------------------------- deadline rules


class ClockConfig(_Strict):
    working_days: int | None = Field(default=None, ge=0)
    hours: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _one_unit(self) -> ClockConfig:
        if (self.working_days is None) == (self.hours is None):
            raise ValueError("give exactly one of working_days or hours")
        return self

    @property
    def unit(self) -> str:
        return "working_days" if self.working_days is not None else "hours"

    @property
    def amount(self) -> int:
        return self.working_days if self.working_days is not None else self.hours  # type: ignore[return-value]


class RuleConfig(_Strict):
    name: str
    basis: str = ""
    kinds: list[str] = []
    categories: list[str] = []
    urgency: Literal["normal", "urgent", "major"] | None = None
    receipt: Literal["strict", "next_workday"] = "strict"
    max_extensions: int = Field(default=0, ge=0)
    extension: int = Field(default=0, ge=0)  # amount added per extension, in the finish clock's unit
    order_deadline_wins: bool = False  # a work order's own deadline replaces the finish clock
    clocks: dict[Literal["acknowledge", "first_response", "finish"], ClockConfig]

    @field_validator("clocks")
    @classmethod
    def _some_clock(cls, v: dict) -> dict:
        if not v:
            raise ValueError("a rule needs at least one clock")
        return v


class RulesConfig(_Strict):
    default_rule: str
    hot_rule: str
    major_rule: str
    rules: dict[str, RuleConfig]

    @model_validator(mode="after")
    def _refs_exist(self) -> RulesConfig:
        for key in ("default_rule", "hot_rule", "major_rule"):
            if getattr(self, key) not in self.rules:
                raise _KeyProblem(key, f"no rule named {getattr(self, key)!r}")
        return self

    def pick(self, *, kind: str | None, category: str | None = None, urgency: str = "normal", rule_key: str | None = None) -> str:
        """The rule key for a message: major incident > urgent rule of the kind > kind+category > kind > source's rule > default."""
        if urgency == "major":
            return self.major_rule
        candidates = [(k, r) for k, r in self.rules.items() if kind and kind in r.kinds]
        if urgency == "urgent":
            for k, r in candidates:
                if r.urgency == "urgent":
                    return k
        for k, r in candidates:
            if r.urgency is None and category and category in r.categories:
                return k
        if rule_key and rule_key in self.rules:
            return rule_key
        for k, r in candidates:
            if r.urgency is None and not r.categories:
                return k
        return self.default_rule


# ---------------------------------------------------------------- ledger options


class LedgerConfig(_Strict):
    case_prefix: str = "YQ"
    hot_heat: int = Field(default=5, ge=2)  # messages on one case that make it a 政务舆情
    actor_system: str = "system"


# ---------------------------------------------------------------- holiday files


class DayRange(_Strict):
    name: str
    days: list[date] = []
    start: date | None = Field(default=None, alias="from")
    end: date | None = Field(default=None, alias="to")

    @model_validator(mode="after")
    def _range_ok(self) -> DayRange:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both from and to")
        if self.start and self.end and self.end < self.start:
            raise ValueError("to is before from")
        return self

    def all_days(self) -> list[date]:
        out = list(self.days)
        if self.start and self.end:
            out += [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]
        return out


class HolidayFile(_Strict):
    year: int = Field(ge=2000, le=2100)
    full_year: bool = True
    holidays: list[DayRange] = []
    workdays: list[DayRange] = []

    @model_validator(mode="after")
    def _consistent(self) -> HolidayFile:
        seen: dict[date, str] = {}
        for group, ranges in (("holidays", self.holidays), ("workdays", self.workdays)):
            for i, r in enumerate(ranges):
                for d in r.all_days():
                    if d.year != self.year:
                        raise _KeyProblem(f"{group}[{i}]", f"{d} is not in year {self.year}")
                    if d in seen:
                        raise _KeyProblem(f"{group}[{i}]", f"{d} is listed twice ({seen[d]} and {group})")
                    seen[d] = group
        if self.full_year and not self.holidays:
            raise _KeyProblem("holidays", "a full-year file must list the year's holidays")
        return self

    def days(self) -> dict[date, tuple[bool, str]]:
        """Every listed day -> (is_workday, name)."""
        out: dict[date, tuple[bool, str]] = {}
        for r in self.holidays:
            out.update({d: (False, r.name) for d in r.all_days()})
        for r in self.workdays:
            out.update({d: (True, r.name) for d in r.all_days()})
        return out


# ---------------------------------------------------------------- loading


class _KeyProblem(ValueError):
    """Raised inside validators to name the exact key at fault."""

    def __init__(self, key: str, problem: str) -> None:
        self.key, self.problem = key, problem
        super().__init__(f"{key}: {problem}")


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; a missing or malformed file is a ConfigError naming it."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ConfigError(path, "-", "file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, "-", f"malformed TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(path, "-", f"cannot read: {exc}") from None


def parse(model: type[BaseModel], data: dict[str, Any], path: Path) -> Any:
    """Validate `data` as `model`; the first problem becomes a ConfigError naming the file and the key."""
    try:
        return model.model_validate(data)
    except _KeyProblem as exc:
        raise ConfigError(path, exc.key, exc.problem) from None
    except ValidationError as exc:
        err = exc.errors()[0]
        ctx_err = (err.get("ctx") or {}).get("error")
        if isinstance(ctx_err, _KeyProblem):
            raise ConfigError(path, ctx_err.key, ctx_err.problem) from None
        key = ".".join(str(p) for p in err["loc"]) or "-"
        raise ConfigError(path, key, err["msg"]) from None


def load_file(model: type[BaseModel], path: Path) -> Any:
    """Read and validate one configuration file."""
    return parse(model, read_toml(path), path)


@lru_cache(maxsize=8)
def _cached(model: type[BaseModel], path: Path, mtime: float) -> Any:
    return load_file(model, path)


def _current(model: type[BaseModel], name: str) -> Any:
    path = get_settings().config_file(name)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _cached(model, path, mtime)


def routing() -> RoutingConfig:
    """The routing table in force (routing.toml)."""
    return _current(RoutingConfig, "routing.toml")


def rules() -> RulesConfig:
    """The deadline rules in force (deadline_rules.toml)."""
    return _current(RulesConfig, "deadline_rules.toml")


def ledger_options() -> LedgerConfig:
    """The ledger options in force (ledger.toml)."""
    return _current(LedgerConfig, "ledger.toml")


def holiday_file(path: Path) -> HolidayFile:
    """A validated holiday file."""
    return load_file(HolidayFile, path)
