"""The configured database: engine, sessions and schema upgrade (Alembic) for the rest of the project."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from models import db as model_db
from tracker.settings import get_settings

MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "models" / "migrations"


def engine(url: str | None = None) -> Engine:
    """The engine of the configured database (or of `url`)."""
    return model_db.get_engine(url or get_settings().db_url())


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """One transaction: commit on success, roll back on error."""
    with model_db.session_scope(engine(url)) as session:
        yield session


def alembic_config(url: str):
    """An Alembic Config pointing at the project's migrations and `url`."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade_schema(url: str | None = None) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    from alembic import command

    target = url or get_settings().db_url()
    cfg = alembic_config(target)
    with engine(target).begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
