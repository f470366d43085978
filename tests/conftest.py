"""Shared fixtures: a migrated, configured database on SQLite and (when YUQING_TEST_DATABASE_URL is set) PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from models import db as model_db
from tracker import settings as settings_mod

PG_URL = os.environ.get("YUQING_TEST_DATABASE_URL", "")
_PG_TABLES = "event, deadline, message, \"case\", casesequence, crawlrun, source, holidayoverride, modelversion, staff"


def _configure(monkeypatch: pytest.MonkeyPatch, tmp: Path, url: str) -> None:
    monkeypatch.setenv("YUQING_DATA_DIR", str(tmp))
    monkeypatch.setenv("YUQING_DATABASE_URL", url)
    monkeypatch.setenv("YUQING_SOURCES_FILE", str(tmp / "no-sources.toml"))
    monkeypatch.delenv("YUQING_CONFIG_DIR", raising=False)
    settings_mod.get_settings.cache_clear()


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    if not PG_URL:
        if os.environ.get("YUQING_REQUIRE_SERVICES"):
            pytest.fail("YUQING_REQUIRE_SERVICES is set but YUQING_TEST_DATABASE_URL is not")
        pytest.skip("YUQING_TEST_DATABASE_URL not set (CI sets it; .ci/run starts PostgreSQL)")
    name = f"yuqing_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    model_db.dispose_engines()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated database with the default configuration loaded; yields its URL. Runs each test on both backends."""
    from tracker.setup import init
    from tracker.timeutil import utcnow

    if request.param == "postgres":
        url = request.getfixturevalue("pg_database")
    else:
        url = f"sqlite:///{tmp_path / 'test.db'}"
    _configure(monkeypatch, tmp_path, url)
    init(now=utcnow())
    yield url
    if request.param == "postgres":
        with model_db.get_engine(url).begin() as conn:
            conn.execute(text(f"TRUNCATE {_PG_TABLES} RESTART IDENTITY CASCADE"))
    else:
        model_db.get_engine(url).dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A migrated SQLite database only (for tests that are about the CLI or files, not the backend)."""
    from tracker.setup import init
    from tracker.timeutil import utcnow

    url = f"sqlite:///{tmp_path / 'test.db'}"
    _configure(monkeypatch, tmp_path, url)
    init(now=utcnow())
    return url
