"""Crash runs that count: a `clearway serve` killed under lodging clients, its connections cut.

Clients lodge (and submit) declarations, each with its own ``Idempotency-Key`` and the key in
the declaration's overseas party, so the database says which request each row came from.

- ``kill_run``: the real server process is killed with SIGKILL once a share of the requests
  was acknowledged, while others are in flight; a new server is started on the same database
  and every request not acknowledged is sent again with the same key and body.
- ``terminate_run`` (PostgreSQL): while clients lodge, every connection the server holds is
  ended with ``pg_terminate_backend`` again and again; each answer must be a success or 503,
  and a 503 is sent again with the same key.

Both count what a client and an auditor would: requests sent, acknowledged, declarations stored,
lost (acknowledged or sent but not stored: target 0), duplicates (target 0), half-written
declarations (items missing: target 0), claims left in progress with no work committed
(stale: target 0), and claims whose work committed but whose answer could not be stored
(the connection was cut after the commit): a retry of those replays the committed answer.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select, text

from clearway.api.tables import idempotency_keys
from clearway.benchmarks.fleet import free_port, server_environment, start_server
from clearway.benchmarks.seed import ITEMS_PER_DECLARATION, declaration_body
from clearway.bootstrap import Platform
from clearway.declarations.tables import declaration_items, declarations

LODGE = "/api/v1/declarations?submit=true"
_PARTY = "Nordvolt Energy GmbH, request "
# A retry of a request left in progress by the killed server waits for its claim to be released.
CLAIM_SECONDS = 2


@dataclass(frozen=True)
class CrashRun:
    """What one crash run counted."""

    database: str
    fault: str
    sent: int
    acknowledged: int
    acknowledged_before_fault: int
    retried: int
    replayed: int
    stored: int
    lost: int
    duplicates: int
    half_written: int
    stale_claims: int
    committed_unanswered: int
    answers: dict[str, int]
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Tally:
    """What the clients heard, shared between their threads."""

    sent: set[str] = field(default_factory=set)
    acked: set[str] = field(default_factory=set)
    retried: set[str] = field(default_factory=set)
    replayed: int = 0
    answers: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def heard(self, key: str, answer: httpx.Response | None, retry: bool = False) -> bool:
        """Count one answer; True when it acknowledged the request."""
        with self.lock:
            self.sent.add(key)
            if retry:
                self.retried.add(key)
            self.answers["no answer" if answer is None else str(answer.status_code)] += 1
            if answer is None or not answer.is_success:
                return False
            self.acked.add(key)
            self.replayed += answer.headers.get("idempotent-replayed") == "true"
            return True


def body_for(key: str) -> bytes:
    """The request of ``key``: the same bytes every time it is sent, as a retry must be."""
    body = declaration_body(datetime.now(UTC).date(), variant=sum(key.encode()) % 16)
    return json.dumps(body | {"overseas_party": _PARTY + key}).encode()


def _lodge(client: httpx.Client, key: str) -> httpx.Response | None:
    try:
        return client.post(
            LODGE,
            content=body_for(key),
            headers={"Idempotency-Key": key, "Content-Type": "application/json"},
        )
    except httpx.TransportError:
        return None


@contextmanager
def _server(platform: Platform, log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A real `clearway serve` on the platform's database, started and always stopped."""
    port = free_port()
    env = server_environment(platform, CLEARWAY_IDEMPOTENCY_CLAIM_SECONDS=str(CLAIM_SECONDS))
    process = start_server(env, log, port)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_started(url, process, log)
        yield url, process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


def _wait_started(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped while starting: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/", timeout=5).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not start in time")


def sign_in(url: str, username: str, password: str) -> dict[str, str]:
    """The bearer header of a real user, signed in through the API."""
    answer = httpx.post(
        f"{url}/api/v1/auth/token", data={"username": username, "password": password}, timeout=30
    )
    answer.raise_for_status()
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


Work = Callable[[httpx.Client, str], None]


def _clients(
    url: str, auth: dict[str, str], feed: queue.Queue[str], work: Work
) -> list[threading.Thread]:
    """Four client threads, each sending keys from ``feed`` until it is empty."""

    def run() -> None:
        with httpx.Client(base_url=url, headers=auth, timeout=30) as client:
            while True:
                try:
                    key = feed.get_nowait()
                except queue.Empty:
                    return
                work(client, key)

    return [threading.Thread(target=run, daemon=True) for _ in range(4)]


def _retry_until_acknowledged(client: httpx.Client, tally: _Tally, key: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if tally.heard(key, _lodge(client, key), retry=True):
            return
        time.sleep(0.3)  # 409: a claim left in progress, released after CLAIM_SECONDS; 503


def kill_run(
    platform: Platform, user: tuple[str, str], log_dir: Path, requests: int = 60
) -> CrashRun:
    """Kill the server with SIGKILL after a third of ``requests`` were acknowledged, start a
    new one, send every unacknowledged request again with its key, and count."""
    started, tally, stop = time.monotonic(), _Tally(), threading.Event()
    feed: queue.Queue[str] = queue.Queue()
    for n in range(requests):
        feed.put(f"crash-{n:05d}")

    def first_send(client: httpx.Client, key: str) -> None:
        if not stop.is_set():
            tally.heard(key, _lodge(client, key))

    with _server(platform, log_dir / "server-killed.log") as (url, process):
        auth = sign_in(url, *user)
        clients = _clients(url, auth, feed, first_send)
        for thread in clients:
            thread.start()
        while len(tally.acked) < requests // 3 and any(t.is_alive() for t in clients):
            time.sleep(0.005)
        os.kill(process.pid, signal.SIGKILL)  # requests are in flight: four clients, no pause
        process.wait(10)
        stop.set()
        for thread in clients:
            thread.join(60)
    before = len(tally.acked)
    with (
        _server(platform, log_dir / "server-restarted.log") as (url, _),
        httpx.Client(base_url=url, headers=auth, timeout=30) as client,
    ):
        for key in sorted(tally.sent - tally.acked):
            _retry_until_acknowledged(client, tally, key)
    return _count(platform, "kill -9", tally, before, started)


def terminate_run(
    platform: Platform, user: tuple[str, str], log_dir: Path, requests: int = 60
) -> CrashRun:
    """End the server's PostgreSQL connections every 0.2 s while clients lodge; a 503 is sent
    again with the same key; count, and every answer heard."""
    started, tally, done = time.monotonic(), _Tally(), threading.Event()
    feed: queue.Queue[str] = queue.Queue()
    for n in range(requests):
        feed.put(f"cut-{n:05d}")

    def terminate() -> None:
        with platform.engine.connect() as conn:
            while not done.wait(0.2):
                conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                        "AND backend_type = 'client backend'"
                    )
                )
                conn.commit()
            conn.invalidate()  # it ended the others; keep it out of the pool

    with _server(platform, log_dir / "server-terminated.log") as (url, _):
        auth = sign_in(url, *user)
        clients = _clients(url, auth, feed, lambda c, key: _retry_until_acknowledged(c, tally, key))
        cutter = threading.Thread(target=terminate, daemon=True)
        cutter.start()
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join(120)
        done.set()
        cutter.join(10)
    platform.engine.dispose()  # the pool's connections were ended too
    return _count(platform, "pg_terminate_backend", tally, 0, started)


def _count(platform: Platform, fault: str, tally: _Tally, before: int, started: float) -> CrashRun:
    d, i = declarations.c, declaration_items.c
    with platform.sessions() as s:
        rows = s.execute(
            select(d.overseas_party, func.count(i.id))
            .outerjoin(declaration_items, i.declaration_id == d.id)
            .where(d.overseas_party.startswith(_PARTY))
            .group_by(d.id, d.overseas_party)
        ).all()
        k = idempotency_keys.c
        unanswered = s.execute(
            select(k.committed_at.is_not(None), func.count())
            .where(k.status_code.is_(None))
            .group_by(k.committed_at.is_not(None))
        ).all()
    stored = [party.removeprefix(_PARTY) for party, _ in rows]
    return CrashRun(
        database=platform.engine.dialect.name,
        fault=fault,
        sent=len(tally.sent),
        acknowledged=len(tally.acked),
        acknowledged_before_fault=before,
        retried=len(tally.retried),
        replayed=tally.replayed,
        stored=len(stored),
        lost=len(tally.sent - set(stored)),
        duplicates=len(stored) - len(set(stored)),
        half_written=sum(1 for _, items in rows if items != ITEMS_PER_DECLARATION),
        stale_claims=sum(n for committed, n in unanswered if not committed),
        committed_unanswered=sum(n for committed, n in unanswered if committed),
        answers=dict(sorted(tally.answers.items())),
        seconds=round(time.monotonic() - started, 1),
    )
