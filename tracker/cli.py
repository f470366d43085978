"""The `yuqing` command: one Typer app; each room's commands live in a cli_* module and register here."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

import typer

from classifier.errors import ClassifierError
from tracker.errors import YuqingError
from tracker.logs import setup_logging

app = typer.Typer(
    name="yuqing",
    help="舆情回应台账 yuqing: collect citizen messages, route them, track every answer deadline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _register_all() -> None:
    """Attach every command group to the app (explicit list: a missing module is an error, not a silent skip)."""
    from tracker import cli_classifier, cli_crawl, cli_ledger

    cli_ledger.register(app)
    cli_crawl.register(app)
    cli_classifier.register(app)


_register_all()
log = logging.getLogger("yuqing.cli")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; domain errors become a message and a non-zero exit, never a traceback."""
    setup_logging()
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        app(args=args, prog_name="yuqing")  # standalone: usage errors print themselves and exit
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except (YuqingError, ClassifierError) as exc:
        print(f"错误: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已中断 (interrupted)", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: log the traceback, show one line
        log.exception("unexpected error in `yuqing %s`", " ".join(args), extra={"file_only": True})
        print(f"内部错误 (internal error): {type(exc).__name__}: {exc} — 详情见日志 {log_file_hint()}", file=sys.stderr)
        return 2
    return 0


def log_file_hint() -> str:
    """Where the traceback of an unexpected error was written."""
    from tracker.logs import log_file

    return str(log_file())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
