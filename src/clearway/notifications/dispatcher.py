"""The outbox dispatcher: sends pending webhook deliveries, retries them, dead-letters them.

It runs outside every business transaction: one short transaction claims a batch under a lease,
the HTTP requests go out with no transaction open, and a second short transaction records the
outcomes. A crash anywhere leaves the deliveries pending; once the lease runs out the next run
sends them again, so receivers get every event at least once and drop repeats by event id.

Order per stream (one declaration, one liaison request, one train): a delivery is claimed only
when no earlier delivery of the same stream to the same subscription is still pending, and a run
of consecutive deliveries of one stream is sent in order by one worker, stopping at the first
failure. Different streams go out in parallel.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.orm import Session

from clearway.audit.services import record
from clearway.bootstrap import Platform
from clearway.identity.model import Actor
from clearway.notifications import signing
from clearway.notifications.outbox import envelope
from clearway.notifications.rules import after_attempt
from clearway.notifications.sealing import unseal
from clearway.notifications.status import DeliveryStatus
from clearway.notifications.tables import outbox_events, webhook_deliveries, webhook_subscriptions
from clearway.notifications.transport import HttpTransport, Transport

log = logging.getLogger("clearway.notifications")
d = webhook_deliveries.c
PENDING = DeliveryStatus.PENDING.value
DISPATCHER = Actor.system("notifications-dispatcher")


@dataclass(frozen=True)
class Outgoing:
    delivery_id: int
    claim_token: str
    stream_key: str
    attempts: int
    url: str
    secret: str
    event_id: str
    event_type: str
    body: bytes


@dataclass(frozen=True)
class Attempt:
    delivery_id: int
    attempted: bool
    ok: bool = False
    status_code: int | None = None
    error: str = ""


@dataclass
class DrainReport:
    claimed: int = 0
    delivered: int = 0
    retried: int = 0
    dead: int = 0
    released: int = 0


def drain(
    platform: Platform,
    limit: int = 500,
    transport: Transport | None = None,
    wall: Callable[[], float] = time.time,
) -> DrainReport:
    """Send up to ``limit`` due deliveries once; the CLI, the serve loop and tests call this.

    ``wall`` stamps signatures: receivers judge the replay window by their own clock, whatever
    the platform's business clock says.
    """
    settings = platform.settings
    runs = _claim(platform, limit)
    report = DrainReport(claimed=sum(len(r) for r in runs))
    if not runs:
        return report
    own = transport is None
    sender = transport or HttpTransport.from_settings(settings)
    try:
        workers = max(1, min(settings.notify_workers, len(runs)))
        if workers == 1:
            attempts = [a for run in runs for a in _send_run(run, sender, wall)]
        else:
            with ThreadPoolExecutor(workers, thread_name_prefix="clearway-webhook") as pool:
                attempts = [
                    a for done in pool.map(lambda r: _send_run(r, sender, wall), runs) for a in done
                ]
    finally:
        if own:
            sender.close()
    _settle(platform, runs, attempts, report)
    return report


def _send_run(
    run: list[Outgoing], transport: Transport, wall: Callable[[], float]
) -> list[Attempt]:
    done: list[Attempt] = []
    for i, out in enumerate(run):
        stamp = int(wall())
        code, error = transport.post(
            out.url,
            out.body,
            signing.headers(out.secret, out.event_id, out.event_type, stamp, out.body),
        )
        ok = code is not None and 200 <= code < 300
        done.append(Attempt(out.delivery_id, True, ok, code, error))
        if not ok:  # later events of this stream wait for this one
            done.extend(Attempt(later.delivery_id, False) for later in run[i + 1 :])
            break
    return done


def _unlocked(now: datetime) -> ColumnElement[bool]:
    return or_(d.locked_until.is_(None), d.locked_until < now)


def _claim(platform: Platform, limit: int) -> list[list[Outgoing]]:
    """Lease the heads of due streams and the deliveries queued right behind them.

    The lease carries a fresh claim token: only its holder may settle the deliveries, so a
    dispatcher that outlived its lease (paused, partitioned) cannot overwrite the outcome of
    the one that took them over. On PostgreSQL the rows are locked ``FOR UPDATE SKIP
    LOCKED``: dispatchers of several servers claim disjoint deliveries without waiting on each
    other; SQLite's single writer serialises the claims.
    """
    settings = platform.settings
    per_stream = settings.notify_stream_run
    now = platform.clock.now()
    earlier = webhook_deliveries.alias("earlier")
    e = earlier.c
    blocked = exists().where(
        e.subscription_id == d.subscription_id,
        e.stream_key == d.stream_key,
        e.status == PENDING,
        e.id < d.id,
    )
    with platform.sessions() as session, session.begin():
        heads = session.execute(
            select(d.subscription_id, d.stream_key)
            .where(d.status == PENDING, d.next_attempt_at <= now, _unlocked(now), ~blocked)
            .order_by(d.id)
            .limit(limit)
        ).all()
        if not heads:
            return []
        rank = (
            func.row_number()
            .over(partition_by=(d.subscription_id, d.stream_key), order_by=d.id)
            .label("rank")
        )
        queued = (
            select(d.id, d.subscription_id, d.stream_key, d.next_attempt_at, d.locked_until, rank)
            .where(
                d.status == PENDING,
                tuple_(d.subscription_id, d.stream_key).in_([tuple(h) for h in heads]),
            )
            .subquery()
        )
        rows = session.execute(
            select(queued).where(queued.c.rank <= per_stream).order_by(queued.c.id)
        ).all()
        wanted = _runs_of(rows, now, limit)
        ids = [i for run in wanted for i in run]
        until = now + timedelta(
            seconds=settings.notify_timeout_seconds * per_stream
            + settings.notify_claim_grace_seconds
        )
        free = session.scalars(
            select(d.id)
            .where(d.id.in_(ids), d.status == PENDING, _unlocked(now))
            .with_for_update(skip_locked=True)
        ).all()
        token = str(uuid.uuid4())
        claimed = (
            set(
                session.execute(
                    update(webhook_deliveries)
                    .where(d.id.in_(free), d.status == PENDING, _unlocked(now))
                    .values(locked_until=until, claim_token=token)
                    .returning(d.id)
                ).scalars()
            )
            if free
            else set()
        )
        details = {row.id: row for row in _details(session, sorted(claimed))}
    runs = []
    for run in wanted:
        taken = []
        for delivery_id in run:
            if delivery_id not in claimed:  # another dispatcher won it; keep order, stop here
                break
            taken.append(_outgoing(details[delivery_id], token, settings.secret_encryption_key))
        if taken:
            runs.append(taken)
    return runs


def _runs_of(rows: Sequence[Any], now: datetime, limit: int) -> list[list[int]]:
    """Per stream, the consecutive deliveries that are due and not leased, head first."""
    streams: dict[tuple[int, str], list[int]] = {}
    stopped: set[tuple[int, str]] = set()
    total = 0
    for row in rows:
        key = (int(row.subscription_id), str(row.stream_key))
        locked = row.locked_until is not None and row.locked_until >= now
        if key in stopped or total >= limit:
            continue
        if row.next_attempt_at > now or locked:
            stopped.add(key)
            continue
        streams.setdefault(key, []).append(int(row.id))
        total += 1
    return list(streams.values())


def _details(session: Session, ids: list[int]) -> list[Any]:
    if not ids:
        return []
    o, s = outbox_events.c, webhook_subscriptions.c
    return list(
        session.execute(
            select(
                d.id,
                d.stream_key,
                d.attempts,
                s.url,
                s.secret,
                o.event_id,
                o.event_type,
                o.seq,
                o.occurred_at,
                o.payload,
            )
            .join(outbox_events, o.id == d.outbox_id)
            .join(webhook_subscriptions, s.id == d.subscription_id)
            .where(d.id.in_(ids))
        ).all()
    )


def _outgoing(row: Any, token: str, key: str) -> Outgoing:
    m = row._mapping
    return Outgoing(
        delivery_id=int(m["id"]),
        claim_token=token,
        stream_key=str(m["stream_key"]),
        attempts=int(m["attempts"]),
        url=str(m["url"]),
        secret=unseal(key, str(m["secret"])),
        event_id=str(m["event_id"]),
        event_type=str(m["event_type"]),
        body=envelope(
            str(m["event_id"]),
            str(m["event_type"]),
            str(m["stream_key"]),
            int(m["seq"]),
            m["occurred_at"],
            dict(m["payload"]),
        ),
    )


def _settle(
    platform: Platform, runs: list[list[Outgoing]], attempts: list[Attempt], report: DrainReport
) -> None:
    """Record every outcome in one transaction; deliveries not tried lose their lease only."""
    settings = platform.settings
    now = platform.clock.now()
    before = {o.delivery_id: o for run in runs for o in run}
    updates, released, dead = [], [], []
    for a in attempts:
        out = before[a.delivery_id]
        if not a.attempted:
            released.append({"_id": a.delivery_id, "_token": out.claim_token})
            continue
        outcome = after_attempt(
            out.attempts,
            a.ok,
            now,
            settings.notify_max_attempts,
            settings.notify_backoff_seconds,
            settings.notify_backoff_cap_seconds,
        )
        status = outcome.status
        updates.append(
            {
                "_id": a.delivery_id,
                "_token": out.claim_token,
                "_status": status.value,
                "_attempts": outcome.attempts,
                "_next": outcome.next_attempt_at,
                "_code": a.status_code,
                "_error": a.error,
                "_delivered": now if status is DeliveryStatus.DELIVERED else None,
                "_dead": now if status is DeliveryStatus.DEAD else None,
            }
        )
        if status is DeliveryStatus.DELIVERED:
            report.delivered += 1
        elif status is DeliveryStatus.DEAD:
            report.dead += 1
            dead.append((out, a))
        else:
            report.retried += 1
    report.released = len(released)
    mine = and_(d.id == bindparam("_id"), d.status == PENDING, d.claim_token == bindparam("_token"))
    with platform.sessions() as session, session.begin():
        conn = session.connection()
        if updates:
            conn.execute(
                update(webhook_deliveries)
                .where(mine)
                .values(
                    status=bindparam("_status"),
                    attempts=bindparam("_attempts"),
                    next_attempt_at=bindparam("_next"),
                    locked_until=None,
                    claim_token=None,
                    last_status_code=bindparam("_code"),
                    last_error=bindparam("_error"),
                    delivered_at=bindparam("_delivered"),
                    dead_at=bindparam("_dead"),
                ),
                updates,
            )
        if released:
            conn.execute(
                update(webhook_deliveries).where(mine).values(locked_until=None, claim_token=None),
                released,
            )
        for out, a in dead:
            record(
                session,
                DISPATCHER,
                now,
                "webhook.dead_lettered",
                "webhook_delivery",
                out.delivery_id,
                {
                    "event_id": out.event_id,
                    "url": out.url,
                    "attempts": out.attempts + 1,
                    "last_status_code": a.status_code,
                    "last_error": a.error[:200],
                },
            )
    for out, a in dead:
        log.warning("webhook %s to %s dead-lettered: %s", out.event_id, out.url, a.error)


def drain_all(platform: Platform, limit: int, transport: Transport | None = None) -> DrainReport:
    """Drain until nothing due is left (or a pass makes no progress); totals of every pass."""
    total = DrainReport()
    while True:
        report = drain(platform, limit, transport)
        for name in ("claimed", "delivered", "retried", "dead", "released"):
            setattr(total, name, getattr(total, name) + getattr(report, name))
        if report.claimed == 0 or report.delivered == 0:
            return total
