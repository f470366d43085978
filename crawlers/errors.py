"""The crawlers' own exceptions: configuration, credentials, blocked sources, bad import files."""

from __future__ import annotations

from tracker.errors import YuqingError


class CrawlError(YuqingError):
    """Base of crawler errors; the message is shown to the operator as is."""


class SourceConfigError(CrawlError):
    """A source's config in sources.toml lacks a key its kind needs, or names an unknown kind."""

    def __init__(self, source_key: str, problem: str) -> None:
        self.source_key = source_key
        super().__init__(f"来源 {source_key} 配置错误: {problem}")


class CredentialExpired(CrawlError):
    """The platform says the session/key is no longer valid (WeChat `no session`, a login page)."""


class SourceBlocked(CrawlError):
    """The circuit breaker opened: too many throttle answers in a row; the source is paused for this run."""


class ImportFileError(CrawlError):
    """An export file cannot be read (unknown format, missing columns)."""
