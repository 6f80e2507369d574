"""A server prepared before it listens: pool filled, schema built, start-up heap frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool

from clearway.api.app import create_app
from clearway.api.warm import fill_pool, prepare
from clearway.bootstrap import Platform
from clearway.persistence.db import make_engine


@pytest.fixture()
def small_pool(engine: Engine) -> Iterator[Engine]:
    """A second engine on the test database with a pool of three."""
    fresh = make_engine(engine.url.render_as_string(hide_password=False), pool_size=3)
    yield fresh
    fresh.dispose()


def test_the_pool_holds_every_connection_it_keeps_before_the_first_request(
    small_pool: Engine,
) -> None:
    pool = small_pool.pool
    assert isinstance(pool, QueuePool) and pool.checkedin() == 0

    assert fill_pool(small_pool) == 3

    assert pool.checkedin() == 3 and pool.checkedout() == 0


def test_prepare_builds_the_schema_and_freezes_the_start_up_heap(
    small_pool: Engine, platform: Platform
) -> None:
    app = create_app(platform)
    assert app.openapi_schema is None
    try:
        prepare(app, small_pool)
        assert app.openapi_schema is not None
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()  # the test process goes on collecting as before
