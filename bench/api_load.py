"""API load benchmark: lodging declarations over HTTP at a fixed rate, with latency percentiles.

Run from the repository root: ``python bench/api_load.py [--seconds 30] [--rate 100]
[--database-url URL]``. Starts the real app with uvicorn on 127.0.0.1 (a free port) against a
scratch database (SQLite by default), signs in an enterprise user, then sends
``POST /api/v1/declarations`` (three items, a fresh ``Idempotency-Key`` each; with
``--submit`` as ``?submit=true``, so each request lodges, submits and screens) on a fixed
schedule from a pool of worker threads. Prints one JSON object and compares with the budget:
p99 under 100 ms at 100 requests/s.

Before the measured phase, the same load runs for ``--warmup-seconds`` (5 by default) and is
reported apart, as ``warmup``: the figures describe a server in its steady state, and the
warm-up's own percentiles show what the first seconds after a start cost.

Latency is measured from the moment a request was *due*, not when a worker got round to it,
so a server that falls behind shows up in the percentiles instead of silently lowering the
rate. The server runs in a process of its own, as ``clearway serve`` would, so the load
generator's threads do not compete with it for the interpreter lock; both still share the
machine's cores.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import queue
import resource
import secrets
import socket
import threading
import time
import uuid
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import text

from clearway.benchmarks.scratch import bench_settings, scratch_database
from clearway.benchmarks.seed import ADMIN, declaration_body, seed_district
from clearway.benchmarks.server import serve
from clearway.bootstrap import Platform, build
from clearway.config import server_processes_refusal
from clearway.identity.model import Role
from clearway.identity.services import create_user

LOOPBACK = "127.0.0.1"
TARGET_RATE = 100.0
TARGET_P99_MS = 100.0
WARMUP_REQUESTS = 20
DECLARATIONS = "/api/v1/declarations"


@dataclass
class Tally:
    """What the workers saw, appended under one lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter[str] = field(default_factory=Counter)
    from_due_ms: list[float] = field(default_factory=list)
    service_ms: list[float] = field(default_factory=list)
    last_done: float = 0.0
    dropped: int = 0


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Serve, load, measure, stop; returns the figures printed as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30.0, help="length of the load phase")
    parser.add_argument("--rate", type=float, default=TARGET_RATE, help="requests per second")
    parser.add_argument(
        "--warmup-seconds",
        type=float,
        default=5.0,
        help="load at the same rate before the measured phase, reported apart",
    )
    parser.add_argument("--workers", type=int, default=16, help="client threads")
    parser.add_argument(
        "--server-processes",
        type=int,
        default=1,
        help="uvicorn worker processes, as `clearway serve --workers` (more than one: PostgreSQL)",
    )
    parser.add_argument(
        "--database-url",
        default="sqlite://",
        help="server (or SQLite folder) for the scratch database; default a temporary SQLite file",
    )
    parser.add_argument(
        "--submit", action="store_true", help="lodge and submit (screened) in each request"
    )
    parser.add_argument(
        "--sweep",
        default="",
        help="comma-separated rates measured one after another on the same server (each for "
        "--seconds); reports the highest whose p99 stays under the budget, without errors",
    )
    args = parser.parse_args(argv)
    try:
        sweep = [float(r) for r in args.sweep.split(",") if r.strip()]
    except ValueError:
        parser.error("--sweep takes rates separated by commas, e.g. 20,40,80")
    if any(not 0 < r <= 5000 for r in sweep):
        parser.error("need 0 < each sweep rate <= 5000")
    if not (0 < args.seconds <= 600 and 0 < args.rate <= 5000 and 0 < args.workers <= 256):
        parser.error("need 0 < seconds <= 600, 0 < rate <= 5000, 0 < workers <= 256")
    if not 0 <= args.warmup_seconds <= 120:
        parser.error("need 0 <= warmup-seconds <= 120")
    if not 1 <= args.server_processes <= 16:
        parser.error("need 1 <= server-processes <= 16")
    refusal = server_processes_refusal(args.database_url, args.server_processes)
    if refusal:
        parser.error(refusal)

    with scratch_database(args.database_url, pool_size=args.workers) as scratch:
        settings = bench_settings(scratch.url)
        platform = build(settings, engine=scratch.engine)
        username, password = _seed_user(platform)
        port = _free_port()
        base_url = f"http://{LOOPBACK}:{port}"
        server = multiprocessing.get_context("spawn").Process(
            target=serve,
            args=(settings.model_dump(mode="json"), port, args.workers, args.server_processes),
            daemon=False,  # uvicorn's supervisor starts worker processes of its own
        )
        server.start()
        try:
            _wait_started(base_url, server)
            token = _sign_in(base_url, username, password)
            day = platform.clock.now().date()
            bodies = [json.dumps(declaration_body(day, v)).encode() for v in range(16)]
            path = DECLARATIONS + ("?submit=true" if args.submit else "")
            _warm_up(base_url, token, bodies, path)
            # One client (and connection) per worker for both phases, made before any clock
            # starts: making sixteen at once costs the generator a quarter of a second.
            with ExitStack() as open_clients:
                clients = [
                    open_clients.enter_context(_client(base_url, token))
                    for _ in range(args.workers)
                ]
                warm = _load(clients, bodies, args, path, args.warmup_seconds)[0]
                tally, elapsed, scheduled = _load(clients, bodies, args, path, args.seconds)
                swept = [_step(clients, bodies, args, path, rate) for rate in sweep]
        finally:
            server.terminate()
            server.join(timeout=15)
        with scratch.engine.connect() as conn:
            stored = conn.execute(text("SELECT count(*) FROM declarations")).scalar_one()
    result = _figures(args, scratch.dialect, tally, elapsed, scheduled, int(stored), warm)
    if sweep:
        result["sweep"] = swept
        held = [step["rate_rps"] for step in swept if step["held"]]
        result["highest_rate_with_p99_under_budget_rps"] = max(held) if held else None
    print(json.dumps(result, indent=2))
    return result


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


def _seed_user(platform: Platform) -> tuple[str, str]:
    """An enterprise user of the seeded exporter, created the way an administrator would."""
    district = seed_district(platform)
    username, password = "bench-exporter", secrets.token_urlsafe(16)
    with platform.uow() as uow:
        create_user(
            uow,
            username,
            password,
            "Benchmark export clerk",
            Role.ENTERPRISE_USER,
            district.exporter_id,
            ADMIN,
            platform.clock,
        )
    return username, password


def _wait_started(base_url: str, server: Any, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if not server.is_alive():
            raise RuntimeError("the server process stopped while starting")
        try:
            # The sign-in page: cheap, unlike the OpenAPI schema built on first request.
            if httpx.get(f"{base_url}/", timeout=10).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError("uvicorn did not start in time")


def _sign_in(base_url: str, username: str, password: str) -> str:
    response = httpx.post(
        f"{base_url}/api/v1/auth/token",
        data={"username": username, "password": password},
        timeout=30,
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def _client(base_url: str, token: str) -> httpx.Client:
    return httpx.Client(
        base_url=base_url,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        timeout=10.0,
    )


def _post(client: httpx.Client, path: str, body: bytes) -> httpx.Response:
    return client.post(path, content=body, headers={"Idempotency-Key": str(uuid.uuid4())})


def _warm_up(base_url: str, token: str, bodies: list[bytes], path: str) -> None:
    """A few sequential requests first: the first ones pay for lazy set-up, not for load."""
    with _client(base_url, token) as client:
        for i in range(WARMUP_REQUESTS):
            response = _post(client, path, bodies[i % len(bodies)])
            if response.status_code != 201:
                raise RuntimeError(f"warm-up refused: {response.status_code} {response.text}")


def _load(
    clients: list[httpx.Client],
    bodies: list[bytes],
    args: argparse.Namespace,
    path: str,
    seconds: float,
) -> tuple[Tally, float, int]:
    """Open-loop load: a request is due every 1/rate seconds whether or not earlier ones ended."""
    tally = Tally()
    due_queue: queue.Queue[tuple[int, float] | None] = queue.Queue()

    def worker(client: httpx.Client) -> None:
        while (job := due_queue.get()) is not None:
            i, due = job
            if time.perf_counter() > give_up:
                with tally.lock:
                    tally.dropped += 1
                continue
            sent = time.perf_counter()
            try:
                status = str(_post(client, path, bodies[i % len(bodies)]).status_code)
            except httpx.HTTPError as exc:
                status = f"transport:{type(exc).__name__}"
            done = time.perf_counter()
            with tally.lock:
                tally.statuses[status] += 1
                tally.from_due_ms.append((done - due) * 1000)
                tally.service_ms.append((done - sent) * 1000)
                tally.last_done = max(tally.last_done, done)

    threads = [threading.Thread(target=worker, args=(c,), daemon=True) for c in clients]
    for t in threads:
        t.start()
    started = time.perf_counter()  # the workers are waiting: the first request is due now
    give_up = started + seconds + 15.0  # requests still queued by then are dropped
    scheduled = int(seconds * args.rate)
    for i in range(scheduled):
        due = started + i / args.rate
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        due_queue.put((i, due))
    for _ in threads:
        due_queue.put(None)
    for t in threads:
        t.join(timeout=max(1.0, give_up - time.perf_counter() + 15.0))
    return tally, max(tally.last_done, time.perf_counter()) - started, scheduled


def _step(
    clients: list[httpx.Client],
    bodies: list[bytes],
    args: argparse.Namespace,
    path: str,
    rate: float,
) -> dict[str, Any]:
    """One rate of a sweep: its p99 from when each request was due, and whether it held."""
    tally, elapsed, _ = _load(clients, bodies, argparse.Namespace(rate=rate), path, args.seconds)
    return {
        "rate_rps": rate,
        "achieved_rps": round(_achieved(tally, elapsed), 1),
        "p50_ms": _percentile(tally.from_due_ms, 50),
        "p99_ms": _percentile(tally.from_due_ms, 99),
        "errors_by_status": _errors(tally),
        "held": _held(tally, elapsed, rate),
    }


def _achieved(tally: Tally, elapsed: float) -> float:
    """Successful requests per second."""
    return tally.statuses.get("201", 0) / elapsed if elapsed > 0 else 0.0


def _errors(tally: Tally) -> dict[str, int]:
    return {s: c for s, c in sorted(tally.statuses.items()) if s != "201"}


def _held(tally: Tally, elapsed: float, rate: float) -> bool:
    """The budget held at this rate: p99 (from when due) under it, no error, and at least
    95 % of the rate achieved."""
    p99 = _percentile(tally.from_due_ms, 99)
    return (
        p99 is not None
        and p99 < TARGET_P99_MS
        and not _errors(tally)
        and _achieved(tally, elapsed) >= 0.95 * rate
    )


def _percentile(values: list[float], pct: float) -> float | None:
    """Nearest-rank percentile; None when nothing was measured."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, round(pct / 100 * len(ordered) + 0.4999))
    return round(ordered[min(rank, len(ordered)) - 1], 2)


def _figures(
    args: argparse.Namespace,
    dialect: str,
    tally: Tally,
    elapsed: float,
    scheduled: int,
    stored: int,
    warm: Tally,
) -> dict[str, Any]:
    succeeded = tally.statuses.get("201", 0)
    completed = sum(tally.statuses.values())
    return {
        "benchmark": "api_load",
        "database": dialect,
        "endpoint": f"POST {DECLARATIONS}{'?submit=true' if args.submit else ''} "
        "(3 items, Idempotency-Key)",
        "seconds": args.seconds,
        "target_rate_rps": args.rate,
        "workers": args.workers,
        "server_processes": args.server_processes,
        "requests_scheduled": scheduled,
        "requests_sent": completed,
        "succeeded": succeeded,
        "errors_by_status": _errors(tally),
        "dropped_unsent": tally.dropped,
        "declarations_stored": stored,  # includes the warm-up requests
        "warmup_requests": WARMUP_REQUESTS,
        "warmup": {
            "seconds": args.warmup_seconds,
            "requests": sum(warm.statuses.values()),
            "errors_by_status": _errors(warm),
            "latency_ms": {f"p{p}": _percentile(warm.from_due_ms, p) for p in (50, 99)},
        },
        "achieved_rps": round(_achieved(tally, elapsed), 1),
        "latency_ms": {f"p{p}": _percentile(tally.from_due_ms, p) for p in (50, 95, 99)},
        "service_latency_ms": {f"p{p}": _percentile(tally.service_ms, p) for p in (50, 95, 99)},
        "maxrss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "target": {"rate_rps": TARGET_RATE, "p99_ms_max": TARGET_P99_MS},
        "met": args.rate >= TARGET_RATE and _held(tally, elapsed, TARGET_RATE),
        "notes": [
            "latency_ms runs from when each request was due (includes waiting for a free "
            "worker); service_latency_ms from when it was sent.",
            "warmup: the same load before the measured phase, not counted in it; "
            "warmup_requests: sequential requests before that.",
            "the server runs in processes of its own (uvicorn, server_processes workers); the "
            "load generator's threads share the machine's cores with it.",
        ],
    }


if __name__ == "__main__":
    main()
