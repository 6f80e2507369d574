"""A benchmark's server process: the platform built from settings and served by uvicorn.

Lives in the package (not in a ``bench/`` script) so a spawned child process can import it.
With several server processes it serves as ``clearway serve --workers N`` does: the settings
go into the ``CLEARWAY_*`` environment and each uvicorn worker builds its own platform.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

LOOPBACK = "127.0.0.1"


def serve(settings: dict[str, Any], port: int, pool_size: int, processes: int = 1) -> None:
    """Run until terminated, as ``clearway serve`` would with these settings (``pool_size``
    sizes the one process's pool; several workers keep the default pool each)."""
    import uvicorn

    from clearway.api.serving import FACTORY, prepared_app
    from clearway.bootstrap import build
    from clearway.config import Settings
    from clearway.persistence.db import make_engine

    if processes > 1:
        for name, value in settings.items():
            text = value if isinstance(value, str) else json.dumps(value)
            os.environ[f"CLEARWAY_{name.upper()}"] = text
        uvicorn.run(
            FACTORY,
            factory=True,
            workers=processes,
            host=LOOPBACK,
            port=port,
            log_level="warning",
            access_log=False,
        )
        return
    chosen = Settings.model_validate(settings)
    platform = build(chosen, engine=make_engine(chosen.database_url, pool_size=pool_size))
    app = prepared_app(platform)  # as `clearway serve` does before it listens
    uvicorn.run(app, host=LOOPBACK, port=port, log_level="warning", access_log=False)


@contextmanager
def served_in_thread(app: Any, log_level: str = "warning") -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port in a thread; yields its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host=LOOPBACK, port=port, log_level=log_level))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://{LOOPBACK}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
