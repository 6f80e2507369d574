"""No stored value breaks a read, and an action whose commit succeeded never answers 500.

The database itself refuses a number its column cannot hold (revision q_1: CHECK constraints
on PostgreSQL, triggers on SQLite), however it is written; what it still holds (a number at
the edge of its column, a fifth decimal SQLite keeps) reads and acts without a 5xx.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DataError, IntegrityError

from clearway.api.app import create_app
from clearway.bootstrap import Platform
from clearway.identity.model import Role
from clearway.persistence import migrate
from tests.builders import bearer, declaration_body, real_user, seed_district
from tests.conftest import platform_for
from tests.integration.test_migrations import _fresh_database

API = "/api/v1/declarations"
# Every spelling of a number no column holds: infinities, NaN (NULL on SQLite), text, too big.
UNHOLDABLE: tuple[Any, ...] = (
    float("inf"),
    float("-inf"),
    float("nan"),
    "Infinity",
    "NaN",
    "inf",
    Decimal("1e20"),
)


@dataclass
class District:
    platform: Platform
    client: TestClient
    trader: dict[str, str]
    officer: dict[str, str]
    declaration_id: int


@pytest.fixture()
def district(committed_platform: Platform) -> Iterator[District]:
    platform = committed_platform
    seeded = seed_district(platform)
    trader = bearer(
        platform, real_user(platform, "exporter", Role.ENTERPRISE_USER, seeded.exporter_id)
    )
    officer = bearer(platform, real_user(platform, "risk", Role.RISK_OFFICER))
    client = TestClient(create_app(platform))
    lodged = client.post(f"{API}?submit=true", json=declaration_body(), headers=trader)
    assert lodged.status_code == 201, lodged.text
    yield District(platform, client, trader, officer, lodged.json()["id"])


def _write(engine: Engine, table: str, column: str, value: Any) -> None:
    with engine.begin() as conn:
        # A decimal as text: the drivers take it so, and the column converts it.
        bound = str(value) if isinstance(value, Decimal) else value
        conn.execute(sa.text(f"UPDATE {table} SET {column} = :v"), {"v": bound})


def _stored(engine: Engine, table: str, column: str) -> list[Any]:
    with engine.connect() as conn:
        return list(conn.execute(sa.text(f"SELECT {column} FROM {table} ORDER BY 1")).scalars())


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("declarations", "total_value"),
        ("declarations", "duty_amount"),
        ("declaration_items", "quantity"),
        ("declaration_items", "value"),
        ("declaration_items", "dg_watt_hours"),
        ("exchange_rates", "cny_per_unit"),
        ("tariff_lines", "mfn_rate"),
    ],
)
def test_the_database_refuses_every_number_its_column_cannot_hold(
    district: District, table: str, column: str
) -> None:
    engine = district.platform.engine
    before = _stored(engine, table, column)
    assert before, f"the district holds no {table} row to write over"
    for value in UNHOLDABLE:
        if engine.dialect.name == "sqlite" and value != value:
            continue  # SQLite binds a float NaN as NULL: nothing non-finite reaches the column
        with pytest.raises((IntegrityError, DataError)):
            _write(engine, table, column, value)
        assert _stored(engine, table, column) == before, value


def _numeric_columns() -> dict[str, set[str]]:
    """Every numeric or floating column of the schema, by table: the guard must cover them all."""
    from clearway.bootstrap import schema

    found: dict[str, set[str]] = {}
    for table in schema().sorted_tables:
        for column in table.columns:
            if isinstance(column.type, (sa.Numeric, sa.Float)):
                found.setdefault(table.name, set()).add(column.name)
    return found


def test_every_numeric_column_carries_its_guard(engine: Engine) -> None:
    """A later migration that adds a numeric column guards it (``finite_guard.guard_table``)."""
    numeric = _numeric_columns()
    unguarded: list[str] = []
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            rows = conn.execute(
                sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            )
            triggers = {name: sql for name, sql in rows}
            for table, columns in numeric.items():
                for event in ("insert", "update"):
                    sql = triggers.get(f"{table}_finite_{event}") or ""
                    unguarded += [
                        f"{table}.{c} ({event})" for c in columns if f"NEW.{c} " not in sql
                    ]
        else:
            names = set(conn.execute(sa.text("SELECT conname FROM pg_constraint")).scalars().all())
            unguarded = [
                f"{t}.{c}"
                for t, cols in numeric.items()
                for c in cols
                if f"ck_{t}_{c}_finite" not in names
            ]
    assert not unguarded, f"numeric columns without the finite-number guard: {sorted(unguarded)}"


def test_numbers_at_the_edge_of_their_columns_read_and_act_without_a_5xx(
    district: District,
) -> None:
    """Written behind the API's back: the largest value each column holds and, where the
    database keeps it (SQLite), a fifth decimal on a quantity."""
    engine, client = district.platform.engine, district.client
    biggest = Decimal("99999999999999.9999")
    for table, column in (
        ("declarations", "total_value"),
        ("declarations", "duty_amount"),
        ("declarations", "net_weight"),
        ("declaration_items", "value"),
        ("declaration_items", "net_weight"),
    ):
        _write(engine, table, column, biggest)
    if engine.dialect.name == "sqlite":
        _write(engine, "declaration_items", "quantity", Decimal("1.00001"))
    ref = district.declaration_id
    for headers in (district.trader, district.officer):
        for path in (
            API,
            f"{API}/{ref}",
            f"{API}/{ref}/events",
            "/api/v1/statistics/trade",
            "/api/v1/statistics/release-time",
        ):
            answer = client.get(path, headers=headers)
            assert answer.status_code < 500, (path, answer.text)
    assert client.get(f"{API}/{ref}", headers=district.officer).json()["total_value"]
    accepted = client.post(f"{API}/{ref}/actions/accept", headers=district.officer)
    assert accepted.status_code < 500, accepted.text


def test_an_action_whose_commit_went_through_answers_done_never_500(
    district: District, monkeypatch: pytest.MonkeyPatch
) -> None:
    from clearway.api.routes import declarations as route

    def broken(*_: object) -> None:
        raise RuntimeError("the answer could not be built")

    monkeypatch.setattr(route, "present", broken)
    client, ref = district.client, district.declaration_id
    accepted = client.post(f"{API}/{ref}/actions/accept", headers=district.officer)
    assert accepted.status_code == 202, accepted.text
    assert accepted.headers["content-type"] == "application/problem+json"
    assert accepted.json()["type"].endswith("/committed-answer-unavailable")
    lodged = client.post(API, json=declaration_body(), headers=district.trader)
    assert lodged.status_code == 202, lodged.text
    monkeypatch.undo()
    shown = client.get(f"{API}/{ref}", headers=district.officer).json()
    assert shown["status"] == "accepted"
    listed = client.get(API, headers=district.trader).json()
    assert listed["total"] == 2


def test_a_refusal_after_nothing_was_committed_is_still_a_refusal(district: District) -> None:
    client, ref = district.client, district.declaration_id
    release = client.post(f"{API}/{ref}/actions/release", headers=district.officer)
    assert release.status_code == 409, release.text


def test_the_guard_migration_names_what_is_stored_and_goes_back_and_forth(
    engine: Engine, tmp_path: Path
) -> None:
    fresh, drop = _fresh_database(engine, tmp_path)
    unholdable = float("inf") if engine.dialect.name == "sqlite" else "NaN"
    try:
        # Seeded by today's code at the newest revision, then taken back to before the guards
        # (the later migrations go back and forth with the seed's rows too).
        migrate.upgrade(fresh)
        newest = migrate.current(fresh)
        seed_district(platform_for(fresh))
        migrate.downgrade(fresh, "v_1")
        _write(fresh, "exchange_rates", "cny_per_unit", unholdable)
        with pytest.raises(RuntimeError, match=r"exchange_rates\.cny_per_unit id \d+"):
            migrate.upgrade(fresh)
        assert migrate.current(fresh) == "v_1"
        _write(fresh, "exchange_rates", "cny_per_unit", Decimal("7.1"))
        migrate.upgrade(fresh)
        with pytest.raises((IntegrityError, DataError)):
            _write(fresh, "exchange_rates", "cny_per_unit", unholdable)
        migrate.downgrade(fresh, "v_1")
        _write(fresh, "exchange_rates", "cny_per_unit", unholdable)  # no guard any more
        _write(fresh, "exchange_rates", "cny_per_unit", Decimal("7.1"))
        migrate.upgrade(fresh)
        assert migrate.current(fresh) == newest
    finally:
        drop()
