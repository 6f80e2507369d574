"""A reference webhook receiver on loopback: checks signatures and the replay window, drops
repeats by event id.

The tests and the outbox benchmark run it; integrators can read it as the smallest correct
receiver. It binds 127.0.0.1 and answers whatever ``respond`` decides, so tests can make it
fail on purpose.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from clearway.notifications import signing


@dataclass(frozen=True)
class Received:
    """One request as it arrived, whether accepted, refused or a repeat."""

    path: str
    event_id: str
    event_type: str
    timestamp: str
    body: bytes
    arrived: float
    problem: str | None
    repeat: bool

    @property
    def data(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.body)
        return loaded


@dataclass
class WebhookReceiver:
    """Verify, de-duplicate, answer. ``secrets`` maps a path to the secret it checks."""

    secrets: dict[str, str] = field(default_factory=dict)
    window_seconds: int = 300
    respond: Callable[[Received], int] | None = None
    host: str = "127.0.0.1"
    received: list[Received] = field(default_factory=list)
    accepted: dict[str, Received] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                status = receiver.handle(self.path, dict(self.headers.items()), body)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer((self.host, 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def url(self, path: str = "/hook") -> str:
        return f"http://{self.host}:{self.port}{path}"

    def start(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> WebhookReceiver:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> int:
        """What a receiver must do: verify first, then answer repeats without acting twice."""
        secret = self.secrets.get(path)
        event_id = headers.get(signing.EVENT_ID_HEADER, "")
        timestamp = headers.get(signing.TIMESTAMP_HEADER, "")
        problem = (
            "no secret for this path"
            if secret is None
            else signing.verify(
                secret,
                timestamp,
                body,
                headers.get(signing.SIGNATURE_HEADER, ""),
                time.time(),
                self.window_seconds,
            )
        )
        with self._lock:
            repeat = problem is None and event_id in self.accepted
            got = Received(
                path,
                event_id,
                headers.get(signing.EVENT_TYPE_HEADER, ""),
                timestamp,
                body,
                time.time(),
                problem,
                repeat,
            )
            self.received.append(got)
        if problem is not None:
            return 401
        if repeat:
            return 200
        status = self.respond(got) if self.respond else 204
        if 200 <= status < 300:
            with self._lock:
                self.accepted.setdefault(event_id, got)
        return status

    def accepted_in_order(self, path: str | None = None) -> list[Received]:
        with self._lock:
            rows = list(self.accepted.values())  # insertion order: the order first accepted
        return [r for r in rows if path is None or r.path == path]
