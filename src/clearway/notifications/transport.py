"""How webhooks leave the platform: one POST over pooled keep-alive connections.

The dispatcher depends only on :class:`Transport`, so tests and benchmarks can swap the sender
while everything else (claims, ordering, retries) stays the real thing.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
from typing import Protocol
from urllib.parse import urlsplit

from clearway.config import Settings
from clearway.notifications.addresses import AddressGuard, resolve


class Transport(Protocol):
    """Sends one request; answers the HTTP status, or None and the reason it could not."""

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]: ...

    def close(self) -> None: ...


class HttpTransport:
    """Keep-alive HTTP(S) connections from the standard library, pooled per origin.

    ``http.client`` rather than a richer client: a webhook is one POST with a small body, and
    on a busy two-core host the lighter client sends about three times as many per second.
    Redirects are not followed (a 3xx counts as a failure, like any non-2xx answer).
    """

    def __init__(
        self, timeout_seconds: float, workers: int, guard: AddressGuard | None = None
    ) -> None:
        self.timeout = timeout_seconds
        self.keep = workers
        self.guard = guard or AddressGuard(enforced=False, allowed_hosts=frozenset())
        self._idle: dict[tuple[str, str, int], list[http.client.HTTPConnection]] = {}
        self._lock = threading.Lock()
        self._tls = ssl.create_default_context()

    @classmethod
    def from_settings(cls, settings: Settings) -> HttpTransport:
        """The sender the dispatcher uses: settings' timeout, pool and address guard."""
        return cls(
            settings.notify_timeout_seconds,
            settings.notify_workers,
            AddressGuard.from_settings(settings),
        )

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
        parts = urlsplit(url)
        origin = (parts.scheme, parts.hostname or "", parts.port or _PORTS[parts.scheme])
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        sent = {**headers, "User-Agent": "Clearway-Webhooks/1", "Content-Length": str(len(body))}
        for reused in (True, False):  # a kept-alive connection the peer closed gets one retry
            conn = self._take(origin) if reused else self._open(origin)
            if conn is None:
                continue
            if isinstance(conn, str):  # the address check refused the host
                return None, conn
            try:
                conn.request("POST", target, body=body, headers=sent)
                response = conn.getresponse()
                text = response.read(_MAX_ANSWER)
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as exc:
                conn.close()
                if reused:
                    continue
                return None, f"{type(exc).__name__}: {exc}"[:500]
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                return None, f"{type(exc).__name__}: {exc}"[:500]
            if response.isclosed() and not response.will_close:
                self._give_back(origin, conn)
            else:
                conn.close()
            ok = 200 <= response.status < 300
            return response.status, "" if ok else text.decode("utf-8", "replace")[:500]
        return None, "no connection"

    def _take(self, origin: tuple[str, str, int]) -> http.client.HTTPConnection | None:
        with self._lock:
            idle = self._idle.get(origin)
            return idle.pop() if idle else None

    def _open(self, origin: tuple[str, str, int]) -> http.client.HTTPConnection | str:
        """A connection to the host, or why it may not be reached. The host is resolved and
        judged now, at delivery time (a name may have been re-pointed since it subscribed),
        and the connection goes to the address judged, never to a second lookup's answer."""
        scheme, host, port = origin
        conn: http.client.HTTPConnection
        if scheme == "https":
            conn = http.client.HTTPSConnection(host, port, timeout=self.timeout, context=self._tls)
        else:
            conn = http.client.HTTPConnection(host, port, timeout=self.timeout)
        if self.guard.trusts(host):
            return conn
        addresses = resolve(host, port)
        if not addresses:
            return f"refused: {host} does not resolve"
        refusal = self.guard.refusal(host, addresses)
        if refusal is not None:
            return f"refused: {host} {refusal}"
        pinned = str(addresses[0])

        def connect(
            address: tuple[str, int], timeout: float | None, source: tuple[str, int] | None = None
        ) -> socket.socket:
            return socket.create_connection((pinned, address[1]), timeout, source)

        conn._create_connection = connect  # type: ignore[attr-defined]  # TLS still checks `host`
        return conn

    def _give_back(self, origin: tuple[str, str, int], conn: http.client.HTTPConnection) -> None:
        with self._lock:
            idle = self._idle.setdefault(origin, [])
            if len(idle) < self.keep:
                idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        with self._lock:
            for idle in self._idle.values():
                for conn in idle:
                    conn.close()
            self._idle.clear()


_PORTS = {"http": 80, "https": 443}
_MAX_ANSWER = 64 * 1024
