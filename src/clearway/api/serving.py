"""The application a server process serves, built in that process.

``clearway serve`` with one worker serves the app it builds itself. With several
(``CLEARWAY_SERVE_WORKERS``, PostgreSQL only), uvicorn starts each worker process afresh and
calls :func:`app_from_environment` there: every worker builds its own platform (engine, pool,
sessions) from the same ``CLEARWAY_*`` settings and prepares it before it listens, while the
outbox relay and the job scheduler run once, in the process that supervises the workers.
"""

from __future__ import annotations

from fastapi import FastAPI

from clearway.api.app import create_app
from clearway.api.warm import prepare
from clearway.bootstrap import Platform, build

FACTORY = "clearway.api.serving:app_from_environment"


def prepared_app(platform: Platform) -> FastAPI:
    """The API and pages on this platform, ready before the first request (``warm.prepare``)."""
    app = create_app(platform)
    prepare(app, platform.engine)
    return app


def app_from_environment() -> FastAPI:
    """uvicorn's factory in each worker process: the platform from the environment's settings."""
    return prepared_app(build())
