"""CLI commands of the crawlers: crawl, import, sandbox, demo — each runs `python -m crawlers.<module>` as a child process."""

from __future__ import annotations

import subprocess
import sys

import typer

from tracker.settings import PACKAGE_ROOT


def _child(module: str, *args: str) -> None:
    """Run a crawlers module in a child process (Twisted's reactor cannot restart in one process); its exit code is ours."""
    code = subprocess.call([sys.executable, "-m", module, *args], cwd=None)
    if code != 0:
        raise typer.Exit(code)


def crawl(
    sources: list[str] = typer.Argument(None, metavar="SOURCE_KEY...", help="来源键 (sources.toml)"),
    all_: bool = typer.Option(False, "--all", help="every enabled source"),
    full: bool = typer.Option(False, "--full", help="ignore the high-water marks and re-read everything"),
) -> None:
    """Crawl sources once: a progress line per page, a summary table at the end (exit 1 if any source had errors)."""
    if not all_ and not sources:
        raise typer.BadParameter("给出 SOURCE_KEY 或 --all (give SOURCE_KEY... or --all)")
    _child("crawlers.run", *(["--all"] if all_ else list(sources)), *(["--full"] if full else []))


def import_file(
    file: str = typer.Argument(..., help="CSV/XLSX export file"),
    source: str = typer.Option(..., "--source", help="来源键, e.g. wechat_export or hotline_xlsx"),
) -> None:
    """Import an export file (公众号留言导出 CSV/XLSX, 12345 派单表 XLSX) into a source."""
    _child("crawlers.importers", file, "--source", source)


def sandbox(
    port: int = typer.Option(8765, help="port on 127.0.0.1 (0 = any free port)"),
    seed: int = typer.Option(1, help="content seed"),
    grow: float = typer.Option(0.0, help="publish one new message per source every SECONDS (0 = never)"),
    faults: float = typer.Option(0.0, help="transient fault rate 0..1"),
) -> None:
    """Serve the sandbox site (every source kind in its real format) on 127.0.0.1 until Ctrl-C."""
    _child("crawlers.sandbox", "--port", str(port), "--seed", str(seed), "--grow", str(grow), "--faults", str(faults))


def demo(once: bool = typer.Option(False, "--once", help="crawl every sandbox source once and exit")) -> None:
    """Start the sandbox on a free port, crawl every sandbox source, classify, open cases, print a summary table."""
    _child("crawlers.demo", *(["--once"] if once else []))


def register(app: typer.Typer) -> None:
    """Attach the crawl commands to the `yuqing` app."""
    app.command("crawl")(crawl)
    app.command("import")(import_file)
    app.command("sandbox")(sandbox)
    app.command("demo")(demo)
    _ = PACKAGE_ROOT  # the children run from the installed package; nothing here imports crawlers
