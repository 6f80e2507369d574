"""A database with no space left: the write answers 507 (SQLite) or 503 (PostgreSQL),
"nothing was changed" holds, and reads go on working."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import Engine

from clearway.api.app import create_app
from clearway.bootstrap import Platform
from clearway.declarations.tables import declarations
from clearway.persistence.db import make_engine
from clearway.persistence.migrate import upgrade
from tests.builders import battery_item, bearer, declaration_body, real_user, seed_district
from tests.conftest import platform_for

PROBLEM = "application/problem+json"
# Long enough that the items need pages the full file cannot grow.
BULKY = [battery_item(specification="规格 " + "x" * 1990) for _ in range(40)]


def _declarations(platform: Platform) -> int:
    with platform.engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(declarations)) or 0)


@pytest.fixture()
def full_sqlite(tmp_path: Path) -> Iterator[tuple[Platform, dict[str, str]]]:
    """A migrated SQLite district whose file may not grow by one page from now on."""
    path = tmp_path / "full.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    platform = platform_for(engine)
    district = seed_district(platform)
    headers = bearer(
        platform, real_user(platform, "exporter", district.exporter.role, district.exporter_id)
    )
    engine.dispose()
    raw = sqlite3.connect(path)
    raw.execute("VACUUM")
    pages = int(raw.execute("PRAGMA page_count").fetchone()[0])
    raw.close()

    @event.listens_for(engine, "connect")
    def _cap(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    engine.dispose()
    yield platform, headers
    engine.dispose()


def test_a_full_sqlite_file_answers_507_nothing_was_changed_and_reads_go_on(
    full_sqlite: tuple[Platform, dict[str, str]],
) -> None:
    platform, headers = full_sqlite
    client = TestClient(create_app(platform))
    answer = client.post(
        "/api/v1/declarations", json=declaration_body(items=BULKY), headers=headers
    )
    assert answer.status_code == 507, answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert answer.json()["type"].endswith("/insufficient-storage")
    assert "nothing was changed" in answer.json()["detail"]
    assert _declarations(platform) == 0
    assert client.get("/api/v1/declarations", headers=headers).status_code == 200


@pytest.fixture()
def disk_full_postgres(committed_platform: Platform) -> Iterator[Platform]:
    """PostgreSQL answering every new declaration with SQLSTATE 53100 (disk_full)."""
    engine: Engine = committed_platform.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's disk_full needs PostgreSQL")
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE FUNCTION clearway_test_disk_full() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'could not extend file: No space left on device' "
                "USING ERRCODE = '53100'; END $$ LANGUAGE plpgsql"
            )
        )
        conn.execute(
            text(
                "CREATE TRIGGER clearway_test_disk_full BEFORE INSERT ON declarations "
                "FOR EACH ROW EXECUTE FUNCTION clearway_test_disk_full()"
            )
        )
    try:
        yield committed_platform
    finally:
        with engine.begin() as conn:
            conn.execute(text("DROP TRIGGER clearway_test_disk_full ON declarations"))
            conn.execute(text("DROP FUNCTION clearway_test_disk_full()"))


def test_postgres_disk_full_answers_503_and_nothing_was_changed(
    disk_full_postgres: Platform,
) -> None:
    platform = disk_full_postgres
    district = seed_district(platform)
    headers = bearer(
        platform, real_user(platform, "exporter", district.exporter.role, district.exporter_id)
    )
    client = TestClient(create_app(platform))
    answer = client.post("/api/v1/declarations", json=declaration_body(), headers=headers)
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"] == PROBLEM
    assert answer.json()["type"].endswith("/insufficient-storage")
    assert "nothing was changed" in answer.json()["detail"]
    assert _declarations(platform) == 0
