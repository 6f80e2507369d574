"""Benchmark of webhook delivery from the transactional outbox to a receiver on loopback.

Run from the repository root: ``python bench/outbox.py [--events 5000] [--database-url URL]``.
Two measurements, printed as one JSON object, each bounded by ``--seconds``:

* throughput: a backlog of committed events is drained by the dispatcher into the reference
  receiver (signatures verified); deliveries per second, against the target of 500/s;
* lag: events are committed one per transaction at a steady rate while the background
  dispatcher runs; the time from each commit to its arrival at the receiver, p50 and p99.

Everything stays on 127.0.0.1. The database is a scratch SQLite file, or, given a PostgreSQL
URL, a scratch database created on that server for the run and dropped afterwards: the
database the URL names is never written to.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.engine import Engine

from clearway.benchmarks.scratch import scratch_database
from clearway.bootstrap import Platform, build
from clearway.config import Settings
from clearway.enterprises import services as enterprises
from clearway.enterprises.commands import EnterpriseInput
from clearway.enterprises.model import EnterpriseRole
from clearway.enterprises.rules import make_uscc
from clearway.identity.model import Actor
from clearway.notifications import services
from clearway.notifications.commands import WebhookInput
from clearway.notifications.dispatcher import drain_all
from clearway.notifications.outbox import OutboxEvent, publish
from clearway.notifications.receiver import WebhookReceiver
from clearway.notifications.transport import HttpTransport
from clearway.notifications.worker import BackgroundDispatcher
from clearway.shared.clock import SystemClock

TARGET_PER_SECOND = 500
ADMIN = Actor.system("bench")


def _platform(engine: Engine, workers: int) -> Platform:
    settings = Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        notify_workers=workers,
        notify_backoff_seconds=0.05,
        notify_timeout_seconds=5,
    )
    return build(settings, SystemClock(), engine)


def _subscriber(platform: Platform, url: str) -> str:
    with platform.uow() as uow:
        enterprise = enterprises.register(
            uow,
            EnterpriseInput(
                uscc=make_uscc("91654004MA7BE0001"),
                customs_code="6540969001",
                name="Bench Importer Ltd.",
                roles=[EnterpriseRole.TRADER],
                credit_since=date(2024, 1, 1),
            ),
            ADMIN,
            platform.clock,
        )
    with platform.uow() as uow:
        hook = services.subscribe(
            uow,
            WebhookInput(url=url, enterprise_id=enterprise.id),
            ADMIN,
            platform.clock,
            platform.settings,
        )
    return hook.secret


def _event(n: int, streams: int, enterprise_id: int) -> OutboxEvent:
    return OutboxEvent(
        event_type="declaration.status_changed",
        stream_key=f"declaration:{n % streams}",
        seq=n // streams + 1,
        occurred_at=datetime.now(UTC),
        title=f"bench event {n}",
        payload={"n": n, "change": {"to_status": "accepted"}},
        enterprise_ids=(enterprise_id,),
    )


def throughput(
    platform: Platform, receiver: WebhookReceiver, events: int, streams: int, seconds: float
) -> dict[str, object]:
    """Commit a backlog, then time the dispatcher draining it into the receiver."""
    batch = 500
    for start in range(0, events, batch):
        with platform.uow() as uow:
            conn = uow.session.connection()
            for n in range(start, min(events, start + batch)):
                publish(conn, _event(n, streams, 1))
            uow.commit()
    before = len(receiver.accepted)
    transport = HttpTransport(
        platform.settings.notify_timeout_seconds, platform.settings.notify_workers
    )
    started = time.perf_counter()
    try:
        while len(receiver.accepted) - before < events and time.perf_counter() - started < seconds:
            drain_all(platform, 500, transport)
    finally:
        transport.close()
    elapsed = time.perf_counter() - started
    delivered = len(receiver.accepted) - before
    rate = delivered / elapsed if elapsed else 0.0
    return {
        "events": events,
        "streams": streams,
        "delivered": delivered,
        "seconds": round(elapsed, 3),
        "deliveries_per_second": round(rate, 1),
        "target_per_second": TARGET_PER_SECOND,
        "meets_target": rate >= TARGET_PER_SECOND,
    }


def lag(
    platform: Platform, receiver: WebhookReceiver, rate: float, seconds: float, offset: int
) -> dict[str, object]:
    """Commit one event per transaction at ``rate``/s with the background dispatcher running."""
    committed: dict[str, float] = {}
    worker = BackgroundDispatcher(platform, interval_seconds=0.02).start()
    started = time.perf_counter()
    n = 0
    try:
        while time.perf_counter() - started < seconds:
            event = _event(offset + n, 1_000_000, 1)
            with platform.uow() as uow:
                publish(uow.session.connection(), event)
                uow.commit()
            committed[event.event_id] = time.time()
            n += 1
            pause = started + n / rate - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
        deadline = time.perf_counter() + 10
        while any(e not in receiver.accepted for e in committed) and time.perf_counter() < deadline:
            time.sleep(0.01)
    finally:
        worker.stop()
    lags = sorted(
        (receiver.accepted[e].arrived - at) * 1000
        for e, at in committed.items()
        if e in receiver.accepted
    )
    if not lags:
        return {"events": n, "delivered": 0}
    return {
        "events": n,
        "delivered": len(lags),
        "commit_rate_per_second": rate,
        "p50_ms": round(statistics.median(lags), 1),
        "p99_ms": round(lags[min(len(lags) - 1, int(len(lags) * 0.99))], 1),
        "max_ms": round(lags[-1], 1),
        "poll_interval_ms": 20,
    }


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--streams", type=int, default=500, help="Declarations the events span.")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--lag-rate", type=float, default=100.0, help="Commits per second.")
    parser.add_argument("--seconds", type=float, default=20.0, help="Bound of each phase.")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    url = args.database_url or f"sqlite:///{Path(tempfile.gettempdir()) / 'outbox.db'}"
    with scratch_database(url) as scratch:
        platform = _platform(scratch.engine, args.workers)
        with WebhookReceiver() as receiver:
            receiver.secrets["/hook"] = _subscriber(platform, receiver.url())
            figures: dict[str, object] = {
                "benchmark": "outbox webhook delivery, loopback receiver with signature checks",
                "database": platform.engine.dialect.name,
                "workers": args.workers,
                "throughput": throughput(
                    platform, receiver, args.events, args.streams, args.seconds
                ),
                "lag": lag(platform, receiver, args.lag_rate, min(args.seconds, 5.0), args.events),
                "refused_by_receiver": sum(1 for r in receiver.received if r.problem),
            }
    print(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    main()
