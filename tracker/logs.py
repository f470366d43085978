"""Logging set-up: a readable console line and a rotating file under the data folder."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from tracker.settings import get_settings

_CONFIGURED = False


class ConsoleFormatter(logging.Formatter):
    """One line per record: a user never sees a traceback on the console (the log file keeps it)."""

    def format(self, record: logging.LogRecord) -> str:
        return super().format(_without_trace(record))


def _without_trace(record: logging.LogRecord) -> logging.LogRecord:
    clone = logging.makeLogRecord(record.__dict__)
    clone.exc_info, clone.exc_text, clone.stack_info = None, None, None
    return clone


def _not_file_only(record: logging.LogRecord) -> bool:
    return not getattr(record, "file_only", False)


def log_file() -> Path:
    """The log file of this installation."""
    return get_settings().data_dir / "logs" / "yuqing.log"


def setup_logging() -> None:
    """Configure the root logger once per process: warnings to stderr, everything at log_level to the file."""
    global _CONFIGURED
    if _CONFIGURED:
        return
    settings = get_settings()
    root = logging.getLogger()
    root.setLevel(settings.log_level.upper())
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    console.setFormatter(ConsoleFormatter("%(levelname)s %(name)s: %(message)s"))
    console.addFilter(_not_file_only)
    root.addHandler(console)
    try:
        path = log_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=5_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    except OSError as exc:  # a read-only data folder must not stop the command
        root.warning("cannot write log file: %s", exc)
    _CONFIGURED = True
