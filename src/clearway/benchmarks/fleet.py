"""Several `clearway serve` processes on one PostgreSQL: jobs and webhooks claimed exactly once.

Starts ``processes`` real ``clearway serve`` subprocesses against one database, each running
the outbox relay and the job scheduler, commits ``events`` webhook deliveries (one stream
each, so every server may take any of them) to a receiver on loopback that verifies each
signature, and optionally kills one server with SIGKILL once a third has arrived. Counts what
the receiver accepted and what the database says: each event must be accepted (losses 0),
each delivery settled delivered, each scheduled job run once. A delivery the killed server
had sent but not yet recorded is sent again by a survivor once its lease runs out (the
receiver drops the repeat by event id): those repeats are counted as ``resent_after_kill``;
``duplicates`` counts events that reached the receiver twice for any other reason.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from clearway.bootstrap import Platform
from clearway.identity.model import Actor, Role
from clearway.jobs import all_jobs
from clearway.jobs.tables import scheduled_jobs
from clearway.notifications import services
from clearway.notifications.commands import WebhookInput
from clearway.notifications.outbox import OutboxEvent, publish_all
from clearway.notifications.receiver import WebhookReceiver
from clearway.notifications.status import DeliveryStatus
from clearway.notifications.tables import webhook_deliveries

ADMIN = Actor(user_id=None, username="fleet-admin", role=Role.ADMINISTRATOR)
_D = webhook_deliveries.c


@dataclass(frozen=True)
class FleetRun:
    """What one fleet run counted."""

    processes: int
    killed: int
    events: int
    accepted: int
    delivered: int
    losses: int
    duplicates: int
    resent_after_kill: int
    jobs: int
    job_runs: int
    job_duplicates: int
    seconds: float

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_environment(platform: Platform, **overrides: str) -> dict[str, str]:
    """The CLEARWAY_* environment of a fleet server: the platform's database and keys, fast
    relay and scheduler passes, short leases so a killed server's claims are taken over."""
    settings = platform.settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLEARWAY_")}
    env.update(
        {
            "CLEARWAY_ENV": settings.env,
            "CLEARWAY_DATABASE_URL": settings.database_url,
            "CLEARWAY_SECRET_KEY": settings.secret_key,
            "CLEARWAY_SECRET_ENCRYPTION_KEY": settings.secret_encryption_key,
            "CLEARWAY_MODEL_DIR": str(settings.model_dir),
            "CLEARWAY_WEBHOOK_ALLOWED_HOSTS": json.dumps(["127.0.0.1"]),
            "CLEARWAY_NOTIFY_BACKGROUND_SECONDS": "0.2",
            "CLEARWAY_NOTIFY_CLAIM_BATCH": "10",
            "CLEARWAY_NOTIFY_STREAM_RUN": "1",
            "CLEARWAY_NOTIFY_TIMEOUT_SECONDS": "1",
            "CLEARWAY_NOTIFY_CLAIM_GRACE_SECONDS": "2",
            "CLEARWAY_NOTIFY_WORKERS": "4",
            "CLEARWAY_JOBS_SCHEDULER_SECONDS": "0.3",
        }
    )
    env.update(overrides)
    return env


_SERVE = "import sys; from clearway.cli.main import app; sys.exit(app())"


def start_server(
    env: dict[str, str], log: Path, port: int | None = None
) -> subprocess.Popen[bytes]:
    """One `clearway serve` process on ``port`` (a free one if not given), its output kept in
    ``log``."""
    port = port or free_port()
    command = [sys.executable, "-c", _SERVE, "serve", "--port", str(port)]
    with log.open("ab") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def _subscribe(platform: Platform, enterprise_id: int, url: str) -> str:
    allowed = platform.settings.model_copy(update={"webhook_allowed_hosts": ["127.0.0.1"]})
    with platform.uow() as uow:
        done = services.subscribe(
            uow,
            WebhookInput(url=url, enterprise_id=enterprise_id),
            ADMIN,
            platform.clock,
            allowed,
        )
    return done.secret


def _publish(platform: Platform, enterprise_id: int, events: int) -> None:
    now = datetime.now(UTC)  # the servers' clocks are real: due at once
    batch = [
        OutboxEvent(
            event_type="declaration.status_changed",
            stream_key=f"fleet:{n}",
            seq=1,
            occurred_at=now,
            title=f"fleet event {n}",
            payload={"n": n},
            enterprise_ids=(enterprise_id,),
        )
        for n in range(events)
    ]
    with platform.uow() as uow:
        publish_all(uow.session.connection(), batch)
        uow.commit()


def _delivered(platform: Platform) -> int:
    with platform.sessions() as s:
        return int(
            s.scalar(
                select(func.count())
                .select_from(webhook_deliveries)
                .where(_D.status == DeliveryStatus.DELIVERED.value)
            )
            or 0
        )


def run_fleet(
    platform: Platform,
    enterprise_id: int,
    log_dir: Path,
    *,
    events: int = 300,
    processes: int = 3,
    kill: bool = True,
    seconds: float = 45.0,
) -> FleetRun:
    """Run the fleet once on the platform's (PostgreSQL) database and count what happened."""
    started = time.monotonic()
    with WebhookReceiver() as receiver:
        receiver.secrets["/fleet"] = _subscribe(platform, enterprise_id, receiver.url("/fleet"))
        env = server_environment(platform)
        servers = [start_server(env, log_dir / f"server-{i}.log") for i in range(processes)]
        killed = 0
        try:
            _publish(platform, enterprise_id, events)
            deadline = started + seconds
            while time.monotonic() < deadline:
                if kill and not killed and len(receiver.accepted) >= events // 3:
                    os.kill(servers[0].pid, signal.SIGKILL)
                    servers[0].wait(10)
                    killed = 1
                if _delivered(platform) >= events and (killed or not kill):
                    break
                time.sleep(0.2)
            time.sleep(1.0)  # the survivors' scheduler passes after the last delivery
        finally:
            for server in servers:
                if server.poll() is None:
                    server.terminate()
            for server in servers:
                try:
                    server.wait(15)
                except subprocess.TimeoutExpired:
                    server.kill()
        ids = [r.event_id for r in receiver.received if r.problem is None]
        repeats = len(ids) - len(set(ids))
        accepted = len(receiver.accepted)
    with platform.sessions() as s:
        runs = {row.name: int(row.runs) for row in s.execute(select(scheduled_jobs))}
    names = [job.name for job in all_jobs()]
    return FleetRun(
        processes=processes,
        killed=killed,
        events=events,
        accepted=accepted,
        delivered=_delivered(platform),
        losses=events - accepted,
        duplicates=repeats if not killed else 0,
        resent_after_kill=repeats if killed else 0,
        jobs=len(names),
        job_runs=sum(runs.get(n, 0) for n in names),
        job_duplicates=sum(max(0, runs.get(n, 0) - 1) for n in names),
        seconds=round(time.monotonic() - started, 1),
    )
