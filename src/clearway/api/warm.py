"""Start-up work a server does before it takes its first request.

Measured under load, the first second after a start cost the tail of the whole run: every
request of the first burst opened its own database connection, the OpenAPI schema was built on
the first visit to the docs, and the collector's first full pass walked the few hundred
thousand objects the start-up left behind (above 100 ms, on a 2-core machine, in the middle of
a request). Here the pool is filled, the schema built, and the start-up objects moved out of
the collector's sight (``gc.freeze``) before the server listens, so the first users after a
restart are served like the rest. ``clearway serve`` and the load benchmark's server both call
:func:`prepare`.
"""

from __future__ import annotations

import gc
from contextlib import ExitStack

from fastapi import FastAPI
from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool


def prepare(app: FastAPI, engine: Engine) -> None:
    """Fill the connection pool, build the OpenAPI schema and freeze the start-up heap."""
    fill_pool(engine)
    app.openapi()
    gc.collect()
    gc.freeze()


def fill_pool(engine: Engine) -> int:
    """Open as many connections as the pool keeps, all at once, and hand them back to it.

    Checking a connection out opens it (and runs the dialect's set-up, SQLite's PRAGMAs); no
    statement is sent, so no transaction begins and SQLite's write lock is never taken."""
    pool = engine.pool
    wanted = pool.size() if isinstance(pool, QueuePool) else 1
    with ExitStack() as held:
        for _ in range(wanted):
            held.enter_context(engine.connect())
    return wanted
