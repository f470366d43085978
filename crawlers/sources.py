"""Which sources to crawl and with what config: Source rows (loaded from sources.toml by `yuqing init`), sandbox URL override."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import select

from crawlers.errors import SourceConfigError
from models.tables import Source
from tracker.db import session_scope

SANDBOX_ENV = "YUQING_SANDBOX_URL"
IMPORT_KINDS = {"wechat_export", "hotline_xlsx"}


@dataclass
class SourceSpec:
    """A Source row as a spider needs it (detached from the database session)."""

    key: str
    kind: str
    name: str
    config: dict[str, Any] = field(default_factory=dict)
    cursor: dict[str, Any] = field(default_factory=dict)
    id: int | None = None

    @property
    def is_import(self) -> bool:
        """File-import sources (export files, watched folders) are not crawled by a spider."""
        return self.kind in IMPORT_KINDS

    @property
    def is_sandbox(self) -> bool:
        return bool(self.config.get("sandbox"))

    @property
    def sandbox_key(self) -> str | None:
        """The sandbox source this entry mirrors (config `sandbox = "weibo"`), for the demo and the manifest tests."""
        value = self.config.get("sandbox")
        return str(value) if value else None

    def base_url(self) -> str:
        """config base_url; for sandbox sources YUQING_SANDBOX_URL (when set) replaces its scheme, host and port."""
        url = str(self.config.get("base_url") or "")
        if not url:
            raise SourceConfigError(self.key, "缺少 base_url (no base_url)")
        override = os.environ.get(SANDBOX_ENV, "").strip()
        if override and self.is_sandbox:
            url = override.rstrip("/") + urlsplit(url).path
        return url.rstrip("/")

    def option(self, name: str, default: Any = None) -> Any:
        return self.config.get(name, default)


def _spec(row: Source) -> SourceSpec:
    return SourceSpec(key=row.key, kind=row.kind, name=row.name, config=dict(row.config or {}),
                      cursor=dict(row.cursor or {}), id=row.id)


def load_specs(keys: list[str] | None = None, *, include_disabled: bool = False) -> list[SourceSpec]:
    """The named sources (all enabled ones when `keys` is None), in the order asked; unknown keys are an error."""
    with session_scope() as session:
        rows = {r.key: r for r in session.exec(select(Source)).all()}
        if keys is None:
            return [_spec(r) for k, r in sorted(rows.items()) if r.enabled or include_disabled]
        missing = [k for k in keys if k not in rows]
        if missing:
            raise SourceConfigError(", ".join(missing), "没有这个来源；检查 sources.toml 并运行 `yuqing init` (unknown source)")
        return [_spec(rows[k]) for k in keys]
