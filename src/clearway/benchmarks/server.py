"""A benchmark's server process: the platform built from settings and served by uvicorn.

Lives in the package (not in a ``bench/`` script) so a spawned child process can import it.
"""

from __future__ import annotations

from typing import Any

LOOPBACK = "127.0.0.1"


def serve(settings: dict[str, Any], port: int, pool_size: int) -> None:
    """Run until terminated, as ``clearway serve`` would with these settings."""
    import uvicorn

    from clearway.api.app import create_app
    from clearway.api.warm import prepare
    from clearway.bootstrap import build
    from clearway.config import Settings
    from clearway.persistence.db import make_engine

    chosen = Settings.model_validate(settings)
    platform = build(chosen, engine=make_engine(chosen.database_url, pool_size=pool_size))
    app = create_app(platform)
    prepare(app, platform.engine)  # as `clearway serve` does before it listens
    uvicorn.run(app, host=LOOPBACK, port=port, log_level="warning", access_log=False)
