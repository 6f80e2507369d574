"""A database restart under a running server: one request answers 503, the next works again."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from tests.e2e.conftest import LiveApi


def test_a_connection_lost_to_a_restart_fails_one_request_with_503_then_the_pool_renews(
    live: LiveApi,
) -> None:
    engine = live.platform.engine
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no server connections to lose")
    with live.client("exporter") as c:
        assert c.get("/api/v1/declarations").status_code == 200  # a pooled connection exists
        with engine.connect() as conn:  # what a restart does to every open connection
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            conn.invalidate()  # this one was not killed; keep the pool to the killed ones
        lost = c.get("/api/v1/declarations")
        again = c.get("/api/v1/declarations")
    assert lost.status_code == 503
    assert lost.headers["content-type"] == "application/problem+json"
    assert lost.headers["retry-after"] == "1"
    assert lost.json()["type"].endswith("/database-unavailable")
    assert "nothing was changed" in lost.json()["detail"]
    assert again.status_code == 200
